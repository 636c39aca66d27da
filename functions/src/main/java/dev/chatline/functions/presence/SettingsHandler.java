package dev.chatline.functions.presence;

import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.presence.GroupAddPrivacy;
import dev.chatline.presence.LastSeenVisibility;
import dev.chatline.presence.PresenceFrames;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings} ({@code lastSeen}: {@code everyone} | {@code nobody}; {@code groupAdd}: {@code everyone} |
 * {@code contacts} | {@code nobody}, at least one of them): stores the caller's privacy settings and, when last seen
 * changed, queues the caller's presence as others now see it for their subscribers (best effort).
 */
public final class SettingsHandler extends RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsHandler.class);
    private static final String GROUP_ADD = "groupAdd";

    private final PresenceService presence;
    private final PresenceTracker tracker;

    public SettingsHandler() {
        this(FunctionGraphs.connections());
    }

    private SettingsHandler(ConnectionGraph services) {
        this(services.presenceService(), services.presenceTracker(), services.routeGuard());
    }

    public SettingsHandler(PresenceService presence, PresenceTracker tracker, RouteGuard guard) {
        super(guard);
        this.presence = presence;
        this.tracker = tracker;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        if (!frame.has("lastSeen") && !frame.has(GROUP_ADD)) {
            throw ClientFrame.missing("lastSeen' or '" + GROUP_ADD);
        }
        LastSeenVisibility lastSeen = frame.has("lastSeen")
                ? frame.enumValue("lastSeen", LastSeenVisibility.class) : null;
        GroupAddPrivacy groupAdd = frame.has(GROUP_ADD) ? frame.enumValue(GROUP_ADD, GroupAddPrivacy.class) : null;
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
        return PresenceFrames.settingsAck(frame.requestId().orElse(null), lastSeen, groupAdd);
    }
}
