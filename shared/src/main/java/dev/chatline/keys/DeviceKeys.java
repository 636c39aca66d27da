package dev.chatline.keys;

/**
 * The long-lived public keys of one device: identity key, signed EC prekey and last-resort Kyber prekey.
 *
 * @param updatedAt epoch ms of the last upload that changed them
 */
public record DeviceKeys(String userId, String deviceId, int registrationId, byte[] identityKey,
                         PreKey signedPreKey, PreKey kyberLastResort, long updatedAt) {

    public DeviceKeys {
        identityKey = identityKey.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    public boolean hasIdentity(byte[] other) {
        return java.util.Arrays.equals(identityKey, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceKeys d && d.userId.equals(userId) && d.deviceId.equals(deviceId)
                && d.registrationId == registrationId && hasIdentity(d.identityKey)
                && d.signedPreKey.equals(signedPreKey) && d.kyberLastResort.equals(kyberLastResort)
                && d.updatedAt == updatedAt;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(userId, deviceId, registrationId);
    }

    @Override
    public String toString() {
        return "DeviceKeys[" + userId + "#" + deviceId + "]"; // never log key material
    }
}
