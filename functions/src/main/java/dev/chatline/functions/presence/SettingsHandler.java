package dev.chatline.functions.presence;

import dev.chatline.functions.connection.ConnectionServices;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.presence.GroupAddPrivacy;
import dev.chatline.presence.LastSeenVisibility;
import dev.chatline.presence.PresenceFrames;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.protocol.ClientMessage.Settings;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings} ({@code lastSeen}: {@code everyone} | {@code nobody}; {@code groupAdd}: {@code everyone} |
 * {@code contacts} | {@code nobody}, at least one of them): stores the caller's privacy settings and, when last seen
 * changed, queues the caller's presence as others now see it for their subscribers (best effort).
 */
public final class SettingsHandler extends RouteHandler<Settings> {
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
        super(Settings.class, guard);
        this.presence = presence;
        this.tracker = tracker;
    }

    @Override
    protected ServerFrame handle(WsRequest request, Settings message, String requestId) {
        LastSeenVisibility lastSeen = message.lastSeen() == null ? null
                : LastSeenVisibility.valueOf(message.lastSeen().toUpperCase(Locale.ROOT));
        GroupAddPrivacy groupAdd = message.groupAdd() == null ? null
                : GroupAddPrivacy.valueOf(message.groupAdd().toUpperCase(Locale.ROOT));
        String userId = request.identity().userId();
        if (groupAdd != null) {
            presence.setGroupAdd(userId, groupAdd);
        }
        if (lastSeen != null && presence.setLastSeenVisibility(userId, lastSeen)) {
            try {
                tracker.announceCurrent(userId);
            } catch (RuntimeException e) {
                LOG.warn("could not queue the changed presence for subscribers", e);
            }
        }
        return PresenceFrames.settingsAck(lastSeen, groupAdd);
    }
}
