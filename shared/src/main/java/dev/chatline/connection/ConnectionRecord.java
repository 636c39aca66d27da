package dev.chatline.connection;

import dev.chatline.auth.Identity;
import java.time.Instant;

/**
 * One WebSocket connection of a device.
 *
 * @param connectedAt epoch milliseconds
 * @param expiresAt epoch <b>seconds</b> (DynamoDB TTL); the connection counts as live strictly before it
 */
public record ConnectionRecord(String connectionId, String userId, String deviceId, long connectedAt,
                               long expiresAt) {

    public Identity identity() {
        return new Identity(userId, deviceId);
    }

    /** Live = not yet expired at {@code now}, whatever DynamoDB's late TTL deletion has done so far. */
    public boolean isLiveAt(Instant now) {
        return expiresAt > now.getEpochSecond();
    }
}
