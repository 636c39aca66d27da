package dev.chatline.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one JSON binding of the protocol: decodes a client frame into its {@link ClientMessage} record (or a
 * {@link ProtocolException} with the code the server answers), and encodes {@link ServerFrame}s, echoing the
 * request's {@code requestId} right after {@code type}. Also the reverse directions (encode client messages, decode
 * server frames), for clients and tests. Thread-safe; everything is built at class initialisation (primed before the
 * SnapStart snapshot).
 */
public final class ProtocolJson {
    private static final int MAX_ECHOED_ACTION = 64;
    private static final String REQUEST_ID = "requestId";

    /** Every client action and its reader. The records are the only definition of their fields. */
    private static final Map<String, Reader<?>> READERS = readers();
    /** The same readers, by record. */
    private static final Map<Class<?>, Reader<?>> BY_RECORD = READERS.values().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Reader::type, r -> r));
    /** Every server frame type but {@code ack}, by its {@code type}; acks by their {@code action}. */
    private static final Map<String, Class<? extends ServerFrame>> FRAMES = frames(ServerFrame.class);
    private static final Map<String, Class<? extends ServerFrame>> ACKS = frames(Acks.Named.class);

    private ProtocolJson() {
    }

    /** Every client action (the routes but {@code $connect}, {@code $disconnect}, {@code $default}). */
    public static Set<String> actions() {
        return READERS.keySet();
    }

    /** Every server frame type, {@code ack} included. */
    public static Set<String> frameTypes() {
        return FRAMES.keySet();
    }

    /** The record of each server frame type ({@code ack}: one of the ack records). */
    public static Map<String, Class<? extends ServerFrame>> frameRecords() {
        return FRAMES;
    }

    /** The record of each {@code ack} variant that names an action, by that action. */
    public static Map<String, Class<? extends ServerFrame>> ackRecords() {
        return ACKS;
    }

    /**
     * Decodes a frame body: INVALID_JSON if it is not one JSON object; MISSING_FIELD / INVALID_FIELD for
     * {@code action}; UNKNOWN_ACTION for an action no route has; else the record's own errors.
     */
    public static ClientRequest decode(String body) {
        return decode(ClientFrame.parse(body));
    }

    /** As {@link #decode(String)}, for a frame already parsed. */
    public static ClientRequest decode(ClientFrame frame) {
        if (!frame.has("action")) {
            throw ClientFrame.missing("action");
        }
        String action = frame.action().orElseThrow(() -> ClientFrame.invalid("action", "must be a string"));
        Reader<?> reader = READERS.get(action);
        if (reader == null) {
            throw unknownAction(action);
        }
        return new ClientRequest(frame.requestId().orElse(null), reader.read().apply(frame));
    }

    /**
     * Reads {@code frame} as action {@code type}, whatever its {@code action} field says (for a handler that knows
     * its route, and for tests); the record's errors as {@link #decode(ClientFrame)}.
     */
    public static <M extends ClientMessage> M read(ClientFrame frame, Class<M> type) {
        Reader<?> reader = BY_RECORD.get(type);
        if (reader == null) {
            throw new IllegalArgumentException(type + " is no action record");
        }
        return type.cast(reader.read().apply(frame));
    }

    /** As {@link #read(ClientFrame, Class)}, for a frame body (INVALID_JSON if it is not one JSON object). */
    public static <M extends ClientMessage> M read(String body, Class<M> type) {
        return read(ClientFrame.parse(body), type);
    }

    /** UNKNOWN_ACTION naming the action (its first 64 characters). */
    public static ProtocolException unknownAction(String action) {
        String echoed = action.length() > MAX_ECHOED_ACTION ? action.substring(0, MAX_ECHOED_ACTION) + "…" : action;
        return new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + echoed + "'");
    }

    /** The frame's JSON, with {@code requestId} (if not null) after {@code type}. */
    public static String encode(ServerFrame frame, String requestId) {
        return Json.write(tree(frame, requestId));
    }

    /** A pushed frame's JSON (no requestId). */
    public static String encode(ServerFrame frame) {
        return encode(frame, null);
    }

    /** The frame as a JSON tree (for payloads that embed frames, such as queued fan-out jobs). */
    public static ObjectNode tree(ServerFrame frame, String requestId) {
        return withRequestId(Json.MAPPER.valueToTree(frame), "type", requestId);
    }

    /** A client frame's JSON: {@code action}, {@code requestId} (if not null), then the record's fields. */
    public static String encode(ClientMessage message, String requestId) {
        return Json.write(withRequestId(Json.MAPPER.valueToTree(message), "action", requestId));
    }

    /** Decodes a server frame (for clients and tests); IllegalArgumentException if its type is unknown. */
    public static ServerFrame decodeFrame(String json) {
        return decodeFrame(Json.read(json));
    }

    /** As {@link #decodeFrame(String)}, for a frame already parsed (a client that looks at the tree first). */
    public static ServerFrame decodeFrame(JsonNode node) {
        String type = node.path("type").asText();
        Class<? extends ServerFrame> cls = ServerFrame.Ack.ACK.equals(type)
                ? (node.has("action") ? ACKS.get(node.path("action").asText()) : Acks.SendMessageAck.class)
                : FRAMES.get(type);
        if (cls == null) {
            throw new IllegalArgumentException("unknown frame: type '" + type + "', action '"
                    + node.path("action").asText() + "'");
        }
        try {
            // a newer server's error code (or other enum value) must not make the whole frame unreadable
            return Json.MAPPER.readerFor(cls).with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                    .readValue(node);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid " + type + " frame", e);
        }
    }

    private static ObjectNode withRequestId(ObjectNode tree, String first, String requestId) {
        if (requestId == null || tree.has(REQUEST_ID)) {
            return tree;
        }
        ObjectNode out = Json.object();
        out.set(first, tree.get(first));
        out.put(REQUEST_ID, requestId);
        tree.fields().forEachRemaining(f -> {
            if (!f.getKey().equals(first)) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    /** One action's record and its reader. */
    private record Reader<M extends ClientMessage>(Class<M> type, Function<ClientFrame, M> read) {
    }

    private static Map<String, Reader<?>> readers() {
        Map<String, Reader<?>> m = new LinkedHashMap<>();
        m.put(SendMessage.ACTION, new Reader<>(SendMessage.class, SendMessage::read));
        m.put(ClientMessage.Receipt.ACTION, new Reader<>(ClientMessage.Receipt.class, ClientMessage.Receipt::read));
        m.put(ClientMessage.Sync.ACTION, new Reader<>(ClientMessage.Sync.class, ClientMessage.Sync::read));
        m.put(ClientMessage.History.ACTION, new Reader<>(ClientMessage.History.class, ClientMessage.History::read));
        m.put(ClientMessage.ReceiptInfo.ACTION, new Reader<>(ClientMessage.ReceiptInfo.class, ClientMessage.ReceiptInfo::read));
        m.put(ClientMessage.PresenceSubscribe.ACTION, new Reader<>(ClientMessage.PresenceSubscribe.class, ClientMessage.PresenceSubscribe::read));
        m.put(ClientMessage.Settings.ACTION, new Reader<>(ClientMessage.Settings.class, ClientMessage.Settings::read));
        m.put(ClientMessage.Heartbeat.ACTION, new Reader<>(ClientMessage.Heartbeat.class, ClientMessage.Heartbeat::read));
        m.put(GroupActions.GroupCreate.ACTION, new Reader<>(GroupActions.GroupCreate.class, GroupActions.GroupCreate::read));
        m.put(GroupActions.GroupAdd.ACTION, new Reader<>(GroupActions.GroupAdd.class, GroupActions.GroupAdd::read));
        m.put(GroupActions.GroupRemove.ACTION, new Reader<>(GroupActions.GroupRemove.class, GroupActions.GroupRemove::read));
        m.put(GroupActions.GroupLeave.ACTION, new Reader<>(GroupActions.GroupLeave.class, GroupActions.GroupLeave::read));
        m.put(GroupActions.GroupAdmin.ACTION, new Reader<>(GroupActions.GroupAdmin.class, GroupActions.GroupAdmin::read));
        m.put(GroupActions.GroupAccept.ACTION, new Reader<>(GroupActions.GroupAccept.class, GroupActions.GroupAccept::read));
        m.put(GroupActions.GroupDecline.ACTION, new Reader<>(GroupActions.GroupDecline.class, GroupActions.GroupDecline::read));
        m.put(GroupActions.GroupInfo.ACTION, new Reader<>(GroupActions.GroupInfo.class, GroupActions.GroupInfo::read));
        m.put(GroupActions.GroupList.ACTION, new Reader<>(GroupActions.GroupList.class, GroupActions.GroupList::read));
        m.put(KeysUpload.ACTION, new Reader<>(KeysUpload.class, KeysUpload::read));
        m.put(ClientMessage.KeysFetch.ACTION, new Reader<>(ClientMessage.KeysFetch.class, ClientMessage.KeysFetch::read));
        m.put(ClientMessage.KeysCount.ACTION, new Reader<>(ClientMessage.KeysCount.class, ClientMessage.KeysCount::read));
        m.put(ClientMessage.MediaUpload.ACTION, new Reader<>(ClientMessage.MediaUpload.class, ClientMessage.MediaUpload::read));
        m.put(ClientMessage.MediaDownload.ACTION, new Reader<>(ClientMessage.MediaDownload.class, ClientMessage.MediaDownload::read));
        m.put(ClientMessage.RegisterPush.ACTION, new Reader<>(ClientMessage.RegisterPush.class, ClientMessage.RegisterPush::read));
        m.put(DeviceActions.DeviceListUpdate.ACTION, new Reader<>(DeviceActions.DeviceListUpdate.class, DeviceActions.DeviceListUpdate::read));
        m.put(DeviceActions.LinkRequest.ACTION, new Reader<>(DeviceActions.LinkRequest.class, DeviceActions.LinkRequest::read));
        m.put(DeviceActions.DeviceList.ACTION, new Reader<>(DeviceActions.DeviceList.class, DeviceActions.DeviceList::read));
        return Map.copyOf(m);
    }

    /**
     * The concrete records under a sealed type, by their {@code TYPE} constant (acks: {@code ack}); under
     * {@link Acks.Named}, by their {@code ACTION} constant.
     */
    private static Map<String, Class<? extends ServerFrame>> frames(Class<?> root) {
        Map<String, Class<? extends ServerFrame>> out = new LinkedHashMap<>();
        collect(root, root, out);
        return Map.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> root, Class<?> type, Map<String, Class<? extends ServerFrame>> out) {
        if (type.isSealed()) {
            Arrays.stream(type.getPermittedSubclasses()).forEach(c -> collect(root, c, out));
        } else if (root == Acks.Named.class) {
            out.put(constant(type, "ACTION"), (Class<? extends ServerFrame>) type);
        } else {
            out.put(ServerFrame.Ack.class.isAssignableFrom(type) ? ServerFrame.Ack.ACK : constant(type, "TYPE"),
                    (Class<? extends ServerFrame>) type);
        }
    }

    private static String constant(Class<?> type, String name) {
        try {
            return (String) type.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public static String " + name, e);
        }
    }
}
