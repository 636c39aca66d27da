package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The frames of accounts and device linking. */
public final class LinkFrames {
    private LinkFrames() {
    }

    /** A user's device list as the account identity signed it (base64 bytes and signature). */
    public record SignedList(String accountKey, long version, String list, String signature) {
    }

    /** {@code linkCode}: the code a linked device types or scans, valid until {@code expiresAt}. */
    public record LinkCode(String code, long expiresAt) implements ServerFrame {
        public static final String TYPE = "linkCode";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code deviceList}: a user's signed list ({@code deviceList}, absent without an account); for the caller's own
     * user also {@code linked}, every device, the pending request its {@code linkCode} names, and its
     * {@code provision}.
     */
    public record DeviceList(String userId, SignedList deviceList, Boolean linked, List<Device> devices,
                             Pending pending, String provision) implements ServerFrame {
        public static final String TYPE = "deviceList";

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Device(String deviceId, boolean linked, String name, Long linkedAt, long lastSeenAt) {
        }

        public record Pending(String code, String deviceId, String identityKey, int registrationId, String name,
                              long expiresAt) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code linked}: pushed to the newly linked device. */
    public record Linked(String userId, String deviceId, long version, String provision) implements ServerFrame {
        public static final String TYPE = "linked";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code unlinked}: pushed to a device a new list left out, before its connection is closed. */
    public record Unlinked(String userId, String deviceId, long version) implements ServerFrame {
        public static final String TYPE = "unlinked";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code devicesChanged}: a user's list was stored; {@code accountChanged} for a reset. */
    public record DevicesChanged(String userId, long version, boolean accountChanged, long ts)
            implements ServerFrame {
        public static final String TYPE = "devicesChanged";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
