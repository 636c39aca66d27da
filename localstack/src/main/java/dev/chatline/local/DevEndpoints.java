package dev.chatline.local;

import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.push.LocalFcm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's development-only HTTP endpoints under {@code /_local/} (they do not exist on AWS):
 * <ul>
 *   <li>{@code POST /_local/token} with {@code {"userId","deviceId"}} (and optionally {@code "cell"}, the user's
 *       home cell, as the {@code cell} claim) → {@code {"token"}}: a JWT signed by the runtime's own key, accepted by
 *       the authorizer exactly as a Cognito token is on AWS;</li>
 *   <li>{@code GET /_local/jwks.json}: the runtime's public key set ({@code CHATLINE_JWKS_URL} points here);</li>
 *   <li>{@code /_local/fcm/v1/projects/{p}/messages:send}: the local FCM endpoint ({@link LocalFcm};
 *       {@code CHATLINE_FCM_ENDPOINT} points at {@code /_local/fcm});</li>
 *   <li>{@code GET /_local/pushes}: every push sent to it; {@code POST /_local/pushes/unregistered} with
 *       {@code {"token"}}: answer UNREGISTERED for that token from now on.</li>
 * </ul>
 */
final class DevEndpoints implements Request.Handler {
    static final String PREFIX = "/_local/";
    private static final Logger LOG = LoggerFactory.getLogger(DevEndpoints.class);
    private static final int MAX_BODY = 4096;

    static final String FCM = PREFIX + "fcm";
    private static final int MAX_FCM_BODY = 8192;

    private final LocalTokenAuthority tokens;
    private final LocalFcm fcm;

    DevEndpoints(LocalTokenAuthority tokens, LocalFcm fcm) {
        this.tokens = tokens;
        this.fcm = fcm;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals(PREFIX + "jwks.json") && HttpMethod.GET.is(method)) {
            return reply(response, callback, 200, tokens.jwksJson());
        }
        if (path.equals(PREFIX + "token") && HttpMethod.POST.is(method)) {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body.length() > MAX_BODY) {
                return reply(response, callback, 413, "{\"message\":\"body too large\"}");
            }
            try {
                return reply(response, callback, 200, tokens.tokenResponse(body));
            } catch (IllegalArgumentException e) {
                LOG.info("refused token request: {}", e.getMessage());
                return reply(response, callback, 400,
                        "{\"message\":" + dev.chatline.protocol.Json.write(e.getMessage()) + "}");
            }
        }
        if (path.startsWith(FCM + "/") && HttpMethod.POST.is(method)) {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body.length() > MAX_FCM_BODY) {
                return reply(response, callback, 413, "{\"message\":\"body too large\"}");
            }
            LocalFcm.Answer answer = fcm.send(path.substring(FCM.length()), body,
                    request.getHeaders().get(HttpHeader.AUTHORIZATION));
            return reply(response, callback, answer.status(), answer.json());
        }
        if (path.equals(PREFIX + "pushes") && HttpMethod.GET.is(method)) {
            return reply(response, callback, 200, fcm.pushesJson());
        }
        if (path.equals(PREFIX + "pushes/unregistered") && HttpMethod.POST.is(method)) {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            String token = body.length() > MAX_BODY ? "" : tokenOf(body);
            if (token.isEmpty()) {
                return reply(response, callback, 400, "{\"message\":\"expected a JSON object with a token\"}");
            }
            fcm.markUnregistered(token);
            return reply(response, callback, 200, "{\"unregistered\":true}");
        }
        return reply(response, callback, 404, "{\"message\":\"Not Found\"}");
    }

    private static String tokenOf(String body) {
        try {
            return dev.chatline.protocol.Json.read(body).path("token").asText("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static boolean reply(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
