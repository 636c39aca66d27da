package dev.chatline.local.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for FCM's HTTP v1 API ({@code POST /v1/projects/{project}/messages:send}), which the push
 * function reaches through the real Firebase Admin SDK (its transport is pointed here). Every push is recorded
 * and logged (one line, with a token fingerprint, never the token); a token marked unregistered gets FCM's
 * {@code 404 NOT_FOUND / UNREGISTERED} answer, as FCM answers for an uninstalled app.
 */
public final class LocalFcm {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFcm.class);
    private static final Pattern SEND = Pattern.compile("/v1/projects/([^/]+)/messages:send");

    /** One push FCM was asked to send, and what it answered. */
    public record RecordedPush(long id, String project, String token, JsonNode message, boolean accepted,
                               long receivedAt) {
    }

    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, String json) {
    }

    private final List<RecordedPush> pushes = new ArrayList<>();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /** {@code path} is the part after the FCM origin, e.g. {@code /v1/projects/p/messages:send}. */
    public Answer send(String path, String body, String authorization) {
        Matcher m = SEND.matcher(path);
        if (!m.matches()) {
            return error(404, "NOT_FOUND", null, "no such FCM method");
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "missing bearer token");
        }
        JsonNode message;
        try {
            message = Json.read(body).path("message");
        } catch (RuntimeException e) {
            return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "body is not JSON");
        }
        String token = message.path("token").asText("");
        if (token.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "message.token is required");
        }
        boolean accepted = !unregistered.contains(token);
        long id = ids.incrementAndGet();
        synchronized (pushes) {
            pushes.add(new RecordedPush(id, m.group(1), token, message, accepted, System.currentTimeMillis()));
        }
        LOG.info("FCM push #{} to token {} {}: data {}", id, fingerprint(token),
                accepted ? "accepted" : "UNREGISTERED", message.path("data"));
        if (!accepted) {
            return error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        }
        return new Answer(200, Json.write(Json.object().put("name",
                "projects/" + m.group(1) + "/messages/0:" + id)));
    }

    /** From now on, pushes to {@code token} are answered UNREGISTERED. */
    public void markUnregistered(String token) {
        unregistered.add(token);
    }

    public List<RecordedPush> pushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /** {@code {"pushes":[{"id","project","token","accepted","receivedAt","message"}]}}. */
    public String pushesJson() {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("pushes");
        for (RecordedPush p : pushes()) {
            ObjectNode n = list.addObject();
            n.put("id", p.id());
            n.put("project", p.project());
            n.put("token", p.token());
            n.put("accepted", p.accepted());
            n.put("receivedAt", p.receivedAt());
            n.set("message", p.message());
        }
        return Json.write(root);
    }

    private static Answer error(int status, String grpcStatus, String fcmCode, String message) {
        ObjectNode error = Json.object();
        ObjectNode e = error.putObject("error");
        e.put("code", status);
        e.put("message", message);
        e.put("status", grpcStatus);
        if (fcmCode != null) {
            ObjectNode detail = e.putArray("details").addObject();
            detail.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
            detail.put("errorCode", fcmCode);
        }
        return new Answer(status, Json.write(error));
    }

    /** First 8 hex digits of the token's SHA-256: enough to tell tokens apart in a log. */
    static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
