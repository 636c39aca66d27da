package dev.chatline.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the {@code error} frame: {@code {"type":"error","code","message","requestId"?,"clientMsgId"?,"retryAfterMs"?}}. */
public final class ErrorFrame {
    private ErrorFrame() {
    }

    public static String of(ProtocolException e, String requestId, String clientMsgId) {
        return of(e.code(), e.getMessage(), requestId, clientMsgId, e.retryAfterMs());
    }

    public static String of(ErrorCode code, String message, String requestId, String clientMsgId,
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
        return Json.write(n);
    }
}
