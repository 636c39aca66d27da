package dev.chatline.functions.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.chatline.auth.Handshake;
import dev.chatline.auth.InvalidTokenException;
import dev.chatline.auth.TokenPriming;
import dev.chatline.auth.TokenVerifier;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.observability.Metrics;
import dev.chatline.auth.Identity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REQUEST authorizer of the WebSocket API's {@code $connect} route. The Lambda Java runtime deserializes the
 * WebSocket authorizer event ({@code type}, {@code methodArn}, {@code headers}, {@code queryStringParameters},
 * {@code requestContext}...) into {@link APIGatewayCustomAuthorizerEvent}, ignoring the WebSocket-only fields,
 * and serializes {@link IamPolicyResponseV1} to the policy document API Gateway expects.
 *
 * <p>No token (neither {@code ?token=} nor a JWT in {@code Sec-WebSocket-Protocol}): throws
 * {@code Unauthorized}, so API Gateway answers 401. An invalid token: a Deny policy (403). A valid one: Allow
 * {@code execute-api:Invoke} on the method ARN with the context {@code {userId, deviceId}}, which API Gateway
 * repeats as {@code requestContext.authorizer} in every later event of the connection. The token is never logged.
 */
public final class AuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizerHandler.class);

    private final TokenVerifier verifier;
    private final Metrics metrics;

    public AuthorizerHandler() {
        this(TokenVerifier.fromConfig(ChatConfig.fromEnvironment(), Clock.systemUTC()));
        SnapStartPriming.register("authorizer", () -> TokenPriming.prime(Clock.systemUTC()));
    }

    public AuthorizerHandler(TokenVerifier verifier) {
        this(verifier, Telemetry.process().metrics());
    }

    /** @param metrics counts {@value Metrics#AUTHORIZER_DENIED} */
    public AuthorizerHandler(TokenVerifier verifier, Metrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        return Telemetry.process().around(context, () -> authorize(event));
    }

    private IamPolicyResponseV1 authorize(APIGatewayCustomAuthorizerEvent event) {
        String token = Handshake.token(event.getQueryStringParameters(), event.getHeaders()).orElse(null);
        if (token == null) {
            LOG.info("handshake refused (401): no token");
            metrics.count(Metrics.AUTHORIZER_DENIED);
            throw new RuntimeException("Unauthorized"); // the exact message API Gateway maps to 401
        }
        try {
            Identity identity = verifier.verify(token, Handshake.deviceId(event.getQueryStringParameters()));
            LOG.info("handshake allowed for user {} device {}", identity.userId(), identity.deviceId());
            return policy(identity.userId(), IamPolicyResponseV1.allowStatement(event.getMethodArn()),
                    Map.of(WsRequest.CTX_USER_ID, identity.userId(), WsRequest.CTX_DEVICE_ID, identity.deviceId()));
        } catch (InvalidTokenException e) {
            LOG.info("handshake refused (403): {}", e.getMessage());
            metrics.count(Metrics.AUTHORIZER_DENIED);
            return policy("unauthorized", IamPolicyResponseV1.denyStatement(event.getMethodArn()), null);
        }
    }

    private static IamPolicyResponseV1 policy(String principalId, IamPolicyResponseV1.Statement statement,
                                              Map<String, Object> authorizerContext) {
        return IamPolicyResponseV1.builder()
                .withPrincipalId(principalId)
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statement)).build())
                .withContext(authorizerContext)
                .build();
    }
}
