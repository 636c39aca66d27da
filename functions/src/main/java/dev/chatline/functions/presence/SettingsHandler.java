package dev.chatline.functions.presence;

import dev.chatline.functions.connection.ConnectionServices;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.presence.LastSeenVisibility;
import dev.chatline.presence.PresenceFrames;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings} ({@code lastSeen}: {@code everyone} | {@code nobody}): stores the caller's privacy setting and,
 * when it changed, queues the caller's presence as others now see it for their subscribers (best effort).
 */
public final class SettingsHandler extends RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsHandler.class);

    private final PresenceService presence;
    private final PresenceTracker tracker;

    public SettingsHandler() {
        this(ConnectionServices.fromEnvironment());
    }

    private SettingsHandler(ConnectionServices services) {
        this(services.presenceService(), services.presenceTracker(), services.routeGuard());
    }

    public SettingsHandler(PresenceService presence, PresenceTracker tracker, RouteGuard guard) {
        super(guard);
        this.presence = presence;
        this.tracker = tracker;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        LastSeenVisibility lastSeen = frame.enumValue("lastSeen", LastSeenVisibility.class);
        String userId = request.identity().userId();
        if (presence.setLastSeenVisibility(userId, lastSeen)) {
            try {
                tracker.announceCurrent(userId);
            } catch (RuntimeException e) {
                LOG.warn("could not queue the changed presence for subscribers", e);
            }
        }
        return PresenceFrames.settingsAck(frame.requestId().orElse(null), lastSeen);
    }
}
