package dev.chatline.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code error} frame: {@code {"type":"error","code","message","requestId"?,"clientMsgId"?,"retryAfterMs"?}}
 * plus the exception's details, if any (e.g. {@code missingDevices}/{@code extraDevices} of DEVICE_MISMATCH).
 */
public final class ErrorFrame {
    private ErrorFrame() {
    }

    public static String of(ProtocolException e, String requestId, String clientMsgId) {
        ObjectNode n = node(e.code(), e.getMessage(), requestId, clientMsgId, e.retryAfterMs());
        ObjectNode details = e.details();
        if (details != null) {
            details.fields().forEachRemaining(f -> {
                if (!n.has(f.getKey())) {
                    n.set(f.getKey(), f.getValue());
                }
            });
        }
        return Json.write(n);
    }

    public static String of(ErrorCode code, String message, String requestId, String clientMsgId,
                            Long retryAfterMs) {
        return Json.write(node(code, message, requestId, clientMsgId, retryAfterMs));
    }

    private static ObjectNode node(ErrorCode code, String message, String requestId, String clientMsgId,
                                   Long retryAfterMs) {
        ObjectNode n = Json.object();
        n.put("type", "error");
        n.put("code", code.name());
        n.put("message", message);
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        if (clientMsgId != null) {
            n.put("clientMsgId", clientMsgId);
        }
        if (retryAfterMs != null) {
            n.put("retryAfterMs", retryAfterMs);
        }
        return n;
    }
}
