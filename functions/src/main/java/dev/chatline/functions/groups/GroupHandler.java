package dev.chatline.functions.groups;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.groups.GroupActionRunner;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Routes {@code groupCreate}, {@code groupAdd}, {@code groupRemove}, {@code groupLeave}, {@code groupAdmin},
 * {@code groupAccept} and {@code groupDecline}: one handler class behind one function per route (each with its own
 * permissions in the catalog); the frame's action is the route key. The read-only routes are
 * {@link GroupQueryHandler}'s: this handler's wiring needs what delivers, which their functions are not given. An
 * action on a group of another cell runs in that cell ({@link GroupActionRunner}).
 */
public final class GroupHandler extends RouteHandler<ClientMessage> {
    private final GroupActionRunner actions;

    public GroupHandler() {
        this(FunctionGraphs.messaging());
    }

    private GroupHandler(MessagingGraph wiring) {
        this(wiring.groupActions(), wiring.routeGuard());
    }

    public GroupHandler(GroupActionRunner actions, RouteGuard guard) {
        super(ClientMessage.class, guard);
        this.actions = actions;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
        return actions.run(request.identity(), message);
    }
}
