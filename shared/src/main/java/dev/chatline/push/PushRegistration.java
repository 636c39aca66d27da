package dev.chatline.push;

import dev.chatline.protocol.ClientFrame;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Json;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code registerPush}: stores the calling device's push token, replacing its previous one. */
public final class PushRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(PushRegistration.class);
    /** FCM registration tokens are ~150-250 printable characters; allow headroom, no whitespace. */
    public static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1," + MAX_TOKEN_LENGTH + "}");

    private final PushTokenStore tokens;
    private final Clock clock;

    public PushRegistration(PushTokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** @return the {@code ack} frame */
    public String register(Identity caller, ClientFrame frame) {
        PushPlatform platform = frame.enumValue("platform", PushPlatform.class);
        String token = frame.string("token");
        if (!TOKEN.matcher(token).matches()) {
            throw ClientFrame.invalid("token", "must be 1-" + MAX_TOKEN_LENGTH + " printable ASCII characters");
        }
        tokens.put(new PushToken(caller.userId(), caller.deviceId(), platform, token, clock.millis()));
        LOG.info("push token registered for {} ({})", caller.deviceKey(), platform);
        var n = Json.object();
        n.put("type", "ack");
        frame.requestId().ifPresent(id -> n.put("requestId", id));
        n.put("action", "registerPush");
        return Json.write(n);
    }
}
