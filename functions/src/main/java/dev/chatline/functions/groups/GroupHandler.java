package dev.chatline.functions.groups;

import dev.chatline.functions.messaging.MessagingWiring;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.groups.GroupRequests;
import dev.chatline.groups.GroupService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Routes {@code groupCreate}, {@code groupAdd}, {@code groupRemove}, {@code groupLeave}, {@code groupAdmin},
 * {@code groupAccept} and {@code groupDecline}: one handler class behind one function per route (each with its own
 * permissions in the catalog); the frame's action is the route key. The read-only routes are
 * {@link GroupQueryHandler}'s: this handler's wiring needs what delivers, which their functions are not given.
 */
public final class GroupHandler extends RouteHandler {
    private final GroupService service;

    public GroupHandler() {
        this(MessagingWiring.fromEnvironment());
    }

    private GroupHandler(MessagingWiring wiring) {
        this(wiring.groupService(), wiring.routeGuard());
    }

    public GroupHandler(GroupService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        Identity caller = request.identity();
        String requestId = frame.requestId().orElse(null);
        String action = frame.action().orElse("");
        return switch (action) {
            case "groupCreate" -> service.create(caller, GroupRequests.name(frame), GroupRequests.initialMembers(frame),
                    GroupRequests.opId(frame), requestId);
            case "groupAdd" -> service.add(caller, GroupRequests.groupId(frame), GroupRequests.userIds(frame),
                    GroupRequests.opId(frame), requestId);
            case "groupRemove" -> service.remove(caller, GroupRequests.groupId(frame), GroupRequests.userId(frame),
                    GroupRequests.opId(frame), requestId);
            case "groupLeave" -> service.leave(caller, GroupRequests.groupId(frame), GroupRequests.opId(frame),
                    requestId);
            case "groupAdmin" -> service.promote(caller, GroupRequests.groupId(frame), GroupRequests.userId(frame),
                    GroupRequests.opId(frame), requestId);
            case "groupAccept" -> service.accept(caller, GroupRequests.groupId(frame), GroupRequests.opId(frame),
                    requestId);
            case "groupDecline" -> service.decline(caller, GroupRequests.groupId(frame), requestId);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + action + "'");
        };
    }
}
