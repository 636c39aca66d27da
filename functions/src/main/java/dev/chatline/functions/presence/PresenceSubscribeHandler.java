package dev.chatline.functions.presence;

import dev.chatline.functions.connection.ConnectionServices;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.presence.PresenceFrames;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.UserPresence;
import dev.chatline.protocol.ClientMessage.PresenceSubscribe;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.List;

/**
 * {@code presenceSubscribe} ({@code userIds}: 1..100 ids): subscribes the caller to the online/offline changes of
 * those users who are its contacts and answers everyone's presence as the caller may see it, as one
 * {@code presence} frame.
 */
public final class PresenceSubscribeHandler extends RouteHandler<PresenceSubscribe> {
    private final PresenceService presence;

    public PresenceSubscribeHandler() {
        this(ConnectionServices.fromEnvironment());
    }

    private PresenceSubscribeHandler(ConnectionServices services) {
        this(services.presenceService(), services.routeGuard());
    }

    public PresenceSubscribeHandler(PresenceService presence, RouteGuard guard) {
        super(PresenceSubscribe.class, guard);
        this.presence = presence;
    }

    @Override
    protected ServerFrame handle(WsRequest request, PresenceSubscribe message, String requestId) {
        List<UserPresence> users = presence.subscribe(request.identity(), message.userIds());
        return PresenceFrames.presence(users);
    }
}
