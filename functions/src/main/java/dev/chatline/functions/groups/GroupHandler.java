package dev.chatline.functions.groups;

import dev.chatline.auth.Identity;
import dev.chatline.functions.messaging.MessagingWiring;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.groups.GroupService;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions.GroupAccept;
import dev.chatline.protocol.GroupActions.GroupAdd;
import dev.chatline.protocol.GroupActions.GroupAdmin;
import dev.chatline.protocol.GroupActions.GroupCreate;
import dev.chatline.protocol.GroupActions.GroupDecline;
import dev.chatline.protocol.GroupActions.GroupLeave;
import dev.chatline.protocol.GroupActions.GroupRemove;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Routes {@code groupCreate}, {@code groupAdd}, {@code groupRemove}, {@code groupLeave}, {@code groupAdmin},
 * {@code groupAccept} and {@code groupDecline}: one handler class behind one function per route (each with its own
 * permissions in the catalog); the frame's action is the route key. The read-only routes are
 * {@link GroupQueryHandler}'s: this handler's wiring needs what delivers, which their functions are not given.
 */
public final class GroupHandler extends RouteHandler<ClientMessage> {
    private final GroupService service;

    public GroupHandler() {
        this(MessagingWiring.fromEnvironment());
    }

    private GroupHandler(MessagingWiring wiring) {
        this(wiring.groupService(), wiring.routeGuard());
    }

    public GroupHandler(GroupService service, RouteGuard guard) {
        super(ClientMessage.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
        return apply(request.identity(), message);
    }

    private ServerFrame apply(Identity caller, ClientMessage message) {
        if (message instanceof GroupCreate m) {
            return service.create(caller, m.name(), m.userIds(), m.opId());
        }
        if (message instanceof GroupAdd m) {
            return service.add(caller, m.groupId(), m.userIds(), m.opId());
        }
        if (message instanceof GroupRemove m) {
            return service.remove(caller, m.groupId(), m.userId(), m.opId());
        }
        if (message instanceof GroupLeave m) {
            return service.leave(caller, m.groupId(), m.opId());
        }
        if (message instanceof GroupAdmin m) {
            return service.promote(caller, m.groupId(), m.userId(), m.opId());
        }
        if (message instanceof GroupAccept m) {
            return service.accept(caller, m.groupId(), m.opId());
        }
        if (message instanceof GroupDecline m) {
            return service.decline(caller, m.groupId());
        }
        throw ProtocolJson.unknownAction(message.action());
    }
}
