package dev.chatline.client.store;

/** {@code identity.json}: this device's own identity and key-id counters. Never leaves the device. */
public final class IdentityState {
    public String userId;
    public String deviceId;
    /** Serialized {@code IdentityKeyPair} (private key included), base64. */
    public String identityKeyPair;
    public int registrationId;
    public int nextPreKeyId = 1;
    public int nextKyberPreKeyId = 1;
    public int nextSignedPreKeyId = 1;
    /** The signed prekey and last-resort Kyber prekey the server currently hands out. */
    public int activeSignedPreKeyId;
    public int activeLastResortKyberId;
    /**
     * The account identity ({@code IdentityKeyPair}, base64) this device signs device lists with: created by the
     * user's first device, provisioned to each device linked later; null until then.
     */
    public String accountKeyPair;
    /** True once the server acknowledged the first full upload (identity, signed and last-resort keys). */
    public boolean registered;
}
