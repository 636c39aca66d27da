package dev.chatline.functions.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.chatline.auth.Identity;
import java.util.Map;

/**
 * What a route handler needs from an API Gateway WebSocket event: the connection, the authenticated identity
 * (from the authorizer context of {@code $connect}) and the frame body.
 */
public record WsRequest(String connectionId, String awsRequestId, Identity identity, String body,
                        long connectedAt) {

    /** Keys the authorizer puts into its context; API Gateway repeats them in every event of the connection. */
    public static final String CTX_USER_ID = "userId";
    public static final String CTX_DEVICE_ID = "deviceId";

    public static WsRequest from(APIGatewayV2WebSocketEvent event) {
        APIGatewayV2WebSocketEvent.RequestContext ctx = event.getRequestContext();
        return new WsRequest(ctx.getConnectionId(), ctx.getRequestId(), identityOf(ctx.getAuthorizer()),
                event.getBody(), ctx.getConnectedAt());
    }

    private static Identity identityOf(Map<String, Object> authorizer) {
        if (authorizer == null || authorizer.get(CTX_USER_ID) == null || authorizer.get(CTX_DEVICE_ID) == null) {
            throw new IllegalStateException("event has no authorizer identity: is the $connect authorizer wired?");
        }
        return new Identity(String.valueOf(authorizer.get(CTX_USER_ID)),
                String.valueOf(authorizer.get(CTX_DEVICE_ID)));
    }
}
