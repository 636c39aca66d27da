package dev.chatline.connection;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts frames to WebSocket connections through the API Gateway {@code @connections} API.
 *
 * <p>A 410 {@code GoneException} means exactly the addressed connection is dead: its row (and only its row) is
 * deleted. Throttling and every other failure propagates as the SDK exception (after the SDK's own retries), so
 * that a queue consumer can fail the record and get it redelivered; only {@link #postBestEffort} swallows them.
 */
public final class ConnectionSender {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSender.class);

    /** Outcome of one post. */
    public enum PostResult { SENT, GONE }

    private final ApiGatewayManagementApiClient client;
    private final ConnectionStore store;

    public ConnectionSender(ApiGatewayManagementApiClient client, ConnectionStore store) {
        this.client = client;
        this.store = store;
    }

    /** Sends one frame; never logs the frame itself. */
    public PostResult post(String connectionId, String frameJson) {
        try {
            client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frameJson)));
            return PostResult.SENT;
        } catch (GoneException e) {
            LOG.info("connection gone, deleting its row: {}", connectionId);
            store.delete(connectionId);
            return PostResult.GONE;
        }
    }

    /**
     * Best effort: posts the frame to every live connection of the user. A failed read of the user's connections or
     * a failed post (after the SDK's own retries) is logged and skipped, never thrown, so one unreachable user does
     * not stop a notification to others (for notices the user's next request answers anyway, e.g. presence).
     *
     * @return how many connections received it
     */
    public int postBestEffort(String userId, String frameJson) {
        List<ConnectionRecord> live;
        try {
            live = store.liveConnections(userId);
        } catch (SdkException e) {
            LOG.warn("connections of {} not read, frame not posted: {}", userId, e.toString());
            return 0;
        }
        int sent = 0;
        for (ConnectionRecord c : live) {
            try {
                sent += post(c.connectionId(), frameJson) == PostResult.SENT ? 1 : 0;
            } catch (SdkException e) {
                LOG.warn("post to {} failed: {}", c.connectionId(), e.toString());
            }
        }
        return sent;
    }

    /** Closes the connection (API Gateway then runs {@code $disconnect}) and deletes its row; a gone one is fine. */
    public void close(String connectionId) {
        try {
            client.deleteConnection(r -> r.connectionId(connectionId));
        } catch (GoneException e) {
            LOG.info("connection already gone: {}", connectionId);
        }
        store.delete(connectionId);
    }
}
