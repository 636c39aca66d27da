package dev.chatline.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Base of every two-way route handler (a route with a route response): parses the frame, calls
 * {@link #handle}, and returns its reply frame as the response body, which API Gateway sends back to the caller.
 * A refused request becomes one {@code error} frame (logged at INFO); an unexpected failure becomes an
 * {@code INTERNAL_ERROR} frame (logged at ERROR). Either way the connection stays usable.
 */
public abstract class RouteHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);

    /**
     * Handles one frame.
     *
     * @return the reply frame (JSON), or null to send no reply
     */
    protected abstract String handle(WsRequest request, ClientFrame frame);

    @Override
    public final APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        WsRequest request = WsRequest.from(event);
        MDC.put("awsRequestId", context == null ? request.awsRequestId() : context.getAwsRequestId());
        MDC.put("connectionId", request.connectionId());
        MDC.put("userId", request.identity().userId());
        MDC.put("deviceId", request.identity().deviceId());
        String requestId = null;
        String clientMsgId = null;
        try {
            ClientFrame frame = ClientFrame.parse(request.body());
            requestId = frame.requestId().orElse(null);
            clientMsgId = frame.rawClientMsgId().orElse(null);
            if (requestId != null) {
                MDC.put("requestId", requestId);
            }
            return reply(handle(request, frame));
        } catch (ProtocolException e) {
            LOG.info("refused {}: {} {}", event.getRequestContext().getRouteKey(), e.code(), e.getMessage());
            return reply(ErrorFrame.of(e, requestId, clientMsgId));
        } catch (RuntimeException e) {
            LOG.error("failed {}", event.getRequestContext().getRouteKey(), e);
            return reply(ErrorFrame.of(ErrorCode.INTERNAL_ERROR, "internal error, please retry", requestId,
                    clientMsgId, null));
        } finally {
            MDC.clear();
        }
    }

    private static APIGatewayV2WebSocketResponse reply(String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(body);
        return response;
    }
}
