package dev.chatline.functions.ws;

import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;

/**
 * A route's reply: a {@link ServerFrame} record, which {@link RouteHandler} serializes with the request's
 * {@code requestId}; or, while a service still renders its own frames, that service's JSON (which already echoes
 * the requestId). The second form goes away as the services move to records.
 */
public final class Reply {
    private final ServerFrame frame;
    private final String rendered;

    private Reply(ServerFrame frame, String rendered) {
        this.frame = frame;
        this.rendered = rendered;
    }

    /** A typed reply; null for none. */
    public static Reply of(ServerFrame frame) {
        return frame == null ? null : new Reply(frame, null);
    }

    /** A reply a service rendered itself (with the requestId it was given); null for none. */
    public static Reply rendered(String json) {
        return json == null ? null : new Reply(null, json);
    }

    /** The frame's JSON: the record with {@code requestId} echoed, or the service's own JSON. */
    String json(String requestId) {
        return frame != null ? ProtocolJson.encode(frame, requestId) : rendered;
    }

    /** The record, if this reply is typed (for tests). */
    public ServerFrame frame() {
        return frame;
    }
}
