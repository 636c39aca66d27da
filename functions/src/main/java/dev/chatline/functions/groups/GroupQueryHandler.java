package dev.chatline.functions.groups;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.groups.GroupQueries;
import dev.chatline.groups.GroupRequests;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Routes {@code groupInfo} and {@code groupList}: the read-only group routes, one function each, built with the two
 * group stores only ({@link GroupQueries}), as their functions may read those two tables and nothing else. The
 * membership changes, which also deliver, are {@link GroupHandler}'s.
 */
public final class GroupQueryHandler extends RouteHandler {
    private final GroupQueries queries;

    public GroupQueryHandler() {
        this(FunctionGraphs.messaging());
    }

    private GroupQueryHandler(MessagingGraph wiring) {
        this(wiring.groupQueries(), wiring.routeGuard());
    }

    public GroupQueryHandler(GroupQueries queries, RouteGuard guard) {
        super(guard);
        this.queries = queries;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        String requestId = frame.requestId().orElse(null);
        String action = frame.action().orElse("");
        return switch (action) {
            case "groupInfo" -> queries.info(request.identity(), GroupRequests.groupId(frame), requestId);
            case "groupList" -> queries.list(request.identity(), GroupRequests.cursor(frame),
                    GroupRequests.listLimit(frame), requestId);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + action + "'");
        };
    }
}
