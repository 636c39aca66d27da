package dev.chatline.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code error} frame ({@link ServerFrame.Error}) of a refused request:
 * {@code {"type":"error","code","message","requestId"?,"clientMsgId"?,"retryAfterMs"?}} plus the exception's device
 * lists, if any ({@code missingDevices}/{@code extraDevices} of DEVICE_MISMATCH, {@code staleDevices} of
 * STALE_DEVICES).
 */
public final class ErrorFrame {
    private static final TypeReference<List<ServerFrame.DeviceRef>> DEVICES = new TypeReference<>() {
    };

    private ErrorFrame() {
    }

    /** The error frame of {@code e}, echoing the refused frame's ids. */
    public static ServerFrame.Error frame(ProtocolException e, String requestId, String clientMsgId) {
        ObjectNode details = e.details();
        return new ServerFrame.Error(e.code(), e.getMessage(), requestId, clientMsgId, e.retryAfterMs(),
                devices(details, "missingDevices"), devices(details, "extraDevices"),
                devices(details, "staleDevices"));
    }

    public static String of(ProtocolException e, String requestId, String clientMsgId) {
        return ProtocolJson.encode(frame(e, requestId, clientMsgId));
    }

    public static String of(ErrorCode code, String message, String requestId, String clientMsgId,
                            Long retryAfterMs) {
        return ProtocolJson.encode(new ServerFrame.Error(code, message, requestId, clientMsgId, retryAfterMs));
    }

    private static List<ServerFrame.DeviceRef> devices(ObjectNode details, String field) {
        JsonNode list = details == null ? null : details.get(field);
        return list == null ? null : Json.MAPPER.convertValue(list, DEVICES);
    }
}
