package dev.chatline.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.Optional;

/**
 * A user's presence changed (first device online, last device offline, or the privacy setting): what subscribers
 * are to be told. Travels as a fan-out queue message of its own kind ({@value #KIND}); the message group is the
 * user, so one user's changes are told in the order they happened.
 *
 * @param view what others now see of the user
 * @param at epoch ms of the change (part of the queue's deduplication id)
 */
public record PresenceChange(UserPresence view, long at) {
    public static final String KIND = "presence";

    public String userId() {
        return view.userId();
    }

    /** The queue's message group: every change of one user, in order. */
    public String groupId() {
        return "presence:" + view.userId();
    }

    /** The queue's deduplication key: this change (a repeat within SQS's 5 minutes is dropped). */
    public String deduplicationKey() {
        return KIND + "#" + view.userId() + "#" + view.online() + "#" + at;
    }

    public String toJson() {
        ObjectNode n = Json.object();
        n.put("kind", KIND);
        n.put("userId", view.userId());
        n.put("online", view.online());
        if (view.lastSeen() != null) {
            n.put("lastSeen", view.lastSeen());
        }
        n.put("at", at);
        return Json.write(n);
    }

    /**
     * The change in a queue message body, or empty when the body is another kind of job.
     *
     * @throws IllegalArgumentException when it says {@value #KIND} but lacks the user
     */
    public static Optional<PresenceChange> parse(String body) {
        JsonNode n = Json.read(body);
        if (!KIND.equals(n.path("kind").asText())) {
            return Optional.empty();
        }
        if (!n.path("userId").isTextual()) {
            throw new IllegalArgumentException("presence change without userId");
        }
        Long lastSeen = n.path("lastSeen").isNumber() ? n.get("lastSeen").asLong() : null;
        return Optional.of(new PresenceChange(new UserPresence(n.get("userId").asText(),
                n.path("online").asBoolean(), lastSeen), n.path("at").asLong()));
    }
}
