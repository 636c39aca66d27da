package dev.chatline.push;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage.RegisterPush;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code registerPush}: stores the calling device's push token, replacing its previous one. */
public final class PushRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(PushRegistration.class);
    /** FCM registration tokens are ~150-250 printable characters; allow headroom, no whitespace. */
    public static final int MAX_TOKEN_LENGTH = RegisterPush.MAX_TOKEN;

    private final PushTokenStore tokens;
    private final Clock clock;

    public PushRegistration(PushTokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** @return the {@code ack} */
    public Acks.RegisterPushAck register(Identity caller, RegisterPush request) {
        PushPlatform platform = PushPlatform.valueOf(request.platform().toUpperCase(Locale.ROOT));
        String token = request.token();
        tokens.put(new PushToken(caller.userId(), caller.deviceId(), platform, token, clock.millis()));
        LOG.info("push token registered for {} ({})", caller.deviceKey(), platform);
        return new Acks.RegisterPushAck();
    }
}
