package dev.chatline.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Delivery status of a message for one recipient. It only moves forward: {@code sent < delivered < read}, and
 * {@code read} implies {@code delivered}.
 */
public enum MessageStatus {
    SENT, DELIVERED, READ;

    /** The lower-case wire name. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The statuses newly reached when a recipient at {@code current} acknowledges {@code requested}, in order:
     * {@code sent + read = [delivered, read]}, {@code delivered + read = [read]}, anything not forward = [].
     */
    public static List<MessageStatus> advance(MessageStatus current, MessageStatus requested) {
        List<MessageStatus> out = new ArrayList<>();
        for (MessageStatus s : values()) {
            if (s.compareTo(current) > 0 && s.compareTo(requested) <= 0) {
                out.add(s);
            }
        }
        return out;
    }
}
