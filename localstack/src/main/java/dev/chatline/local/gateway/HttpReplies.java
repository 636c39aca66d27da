package dev.chatline.local.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Plain HTTP answers in API Gateway's style (JSON bodies, {@code x-amzn-ErrorType} on errors). */
final class HttpReplies {
    private HttpReplies() {
    }

    static boolean json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    static boolean empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        if (status != 204) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        }
        callback.succeeded();
        return true;
    }

    /** An error the AWS SDK maps to its exception class by the {@code x-amzn-ErrorType} header. */
    static boolean error(Response response, Callback callback, int status, String errorType, String body) {
        response.getHeaders().put("x-amzn-ErrorType", errorType);
        return body == null ? empty(response, callback, status) : json(response, callback, status, body);
    }

    static boolean forbidden(Response response, Callback callback) {
        return error(response, callback, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
    }
}
