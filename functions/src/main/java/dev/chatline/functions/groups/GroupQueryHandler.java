package dev.chatline.functions.groups;

import dev.chatline.functions.messaging.MessagingWiring;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
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
 * membership changes, which also deliver, are {@link GroupHandler}'s.
 */
public final class GroupQueryHandler extends RouteHandler<ClientMessage> {
    private final GroupQueries queries;

    public GroupQueryHandler() {
        this(MessagingWiring.fromEnvironment());
    }

    private GroupQueryHandler(MessagingWiring wiring) {
        this(wiring.groupQueries(), wiring.routeGuard());
    }

    public GroupQueryHandler(GroupQueries queries, RouteGuard guard) {
        super(ClientMessage.class, guard);
        this.queries = queries;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
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
