package dev.chatline.protocol;

import java.util.Base64;

/** The actions of the device-linking flow (any device may run them, linked or not). */
public final class DeviceActions {
    private DeviceActions() {
    }

    /** {@code linkRequest}: a new device asks to be linked; {@code identityKey} is its EC identity key (base64). */
    public record LinkRequest(String identityKey, Long registrationId, String name) implements ClientMessage {
        public static final String ACTION = "linkRequest";
        public static final int MAX_NAME = 64;

        public LinkRequest {
            PublicKeys.publicKey("identityKey", Check.required("identityKey", identityKey), PublicKeys.KeyType.EC);
            Check.range("registrationId", Check.required("registrationId", registrationId), 1,
                    PublicKeys.MAX_REGISTRATION_ID);
            Check.maxLength("name", name, MAX_NAME);
        }

        /** {@code name}, or the empty string. */
        public String nameOrEmpty() {
            return name == null ? "" : name;
        }

        static LinkRequest read(ClientFrame f) {
            return new LinkRequest(f.optString("identityKey").orElse(null), f.optLong("registrationId").orElse(null),
                    f.optString("name").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code deviceList}: a user's signed device list (the caller's own with {@code userId} absent). */
    public record DeviceList(String userId, String linkCode) implements ClientMessage {
        public static final String ACTION = "deviceList";

        public DeviceList {
            Check.id("userId", userId);
            Check.id("linkCode", linkCode);
        }

        static DeviceList read(ClientFrame f) {
            return new DeviceList(f.optString("userId").orElse(null), f.optString("linkCode").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /**
     * {@code deviceListUpdate}: the signed list's bytes ({@code list}, base64, at most {@value #MAX_LIST_BYTES}
     * bytes) and XEdDSA {@code signature}; {@code accountKey} when the list starts an account (first device or a
     * reset); {@code linkCode} when it adds a device; {@code provision}, the approving device's sealed copy of the
     * account identity for the new device (opaque, at most {@value #MAX_PROVISION_BYTES} bytes).
     */
    public record DeviceListUpdate(String list, String signature, String accountKey, String linkCode,
                                   String provision) implements ClientMessage {
        public static final String ACTION = "deviceListUpdate";
        public static final int MAX_LIST_BYTES = 8192;
        public static final int MAX_PROVISION_BYTES = 1024;

        public DeviceListUpdate {
            if (PublicKeys.base64("list", Check.required("list", list)).length > MAX_LIST_BYTES) {
                throw ClientFrame.invalid("list", "more than " + MAX_LIST_BYTES + " bytes");
            }
            if (accountKey != null) {
                PublicKeys.publicKey("accountKey", accountKey, PublicKeys.KeyType.EC);
            }
            if (provision != null && PublicKeys.base64("provision", provision).length > MAX_PROVISION_BYTES) {
                throw ClientFrame.invalid("provision", "more than " + MAX_PROVISION_BYTES + " bytes");
            }
            PublicKeys.signature("signature", Check.required("signature", signature));
            Check.id("linkCode", linkCode);
        }

        public byte[] listBytes() {
            return Base64.getDecoder().decode(list);
        }

        public byte[] signatureBytes() {
            return Base64.getDecoder().decode(signature);
        }

        static DeviceListUpdate read(ClientFrame f) {
            return new DeviceListUpdate(f.optString("list").orElse(null), f.optString("signature").orElse(null),
                    f.optString("accountKey").orElse(null), f.optString("linkCode").orElse(null),
                    f.optString("provision").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }
}
