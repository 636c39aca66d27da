package dev.chatline.connection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Posts frames to WebSocket connections through the API Gateway {@code @connections} API.
 *
 * <p>A 410 {@code GoneException} means exactly the addressed connection is dead: its row (and only its row) is
 * deleted. Throttling and every other failure propagates as the SDK exception (after the SDK's own retries), so
 * that a queue consumer can fail the record and get it redelivered.
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
