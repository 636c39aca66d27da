package dev.chatline.functions.groups;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.groups.GroupForwarding;
import dev.chatline.groups.GroupQueries;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.Optional;

/**
 * Routes {@code groupInfo} and {@code groupList}: the read-only group routes, one function each, built with the two
 * group stores only ({@link GroupQueries}), as their functions may read those two tables and nothing else. The
 * membership changes, which also deliver, are {@link GroupHandler}'s. The info of a group of another cell is that
 * cell's answer ({@link GroupForwarding}); a list shows the groups of the caller's own cell.
 */
public final class GroupQueryHandler extends RouteHandler<ClientMessage> {
    private final GroupQueries queries;
    private final GroupForwarding forwarding;

    public GroupQueryHandler() {
        this(FunctionGraphs.messaging());
    }

    private GroupQueryHandler(MessagingGraph wiring) {
        this(wiring.groupQueries(), wiring.cells().groupForwarding(), wiring.routeGuard());
    }

    public GroupQueryHandler(GroupQueries queries, GroupForwarding forwarding, RouteGuard guard) {
        super(ClientMessage.class, guard);
        this.queries = queries;
        this.forwarding = forwarding;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
        Optional<ServerFrame> forwarded = forwarding.forward(request.identity(), message);
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        if (message instanceof GroupActions.GroupInfo info) {
            return queries.info(request.identity(), info.groupId());
        }
        if (message instanceof GroupActions.GroupList list) {
            return queries.list(request.identity(), Optional.ofNullable(list.cursor()),
                    list.limitOrDefault());
        }
        throw ProtocolJson.unknownAction(message.action());
    }
}
