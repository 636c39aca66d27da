package dev.chatline.keys;

import dev.chatline.keys.KeyFormats.KeyType;
import dev.chatline.protocol.KeysUpload;
import java.util.List;
import java.util.Optional;

/**
 * A key upload as the key service takes it: a validated {@code keysUpload} ({@link KeysUpload}, whose rules these
 * are) with its keys decoded. Every present key has the exact serialized size and type byte, every
 * signed key has a 64-byte signature, key ids are 24-bit and unique within each list, and one upload holds at most
 * {@value #MAX_KEYS_PER_UPLOAD} one-time EC keys and {@value #MAX_KYBER_KEYS_PER_UPLOAD} one-time Kyber keys (a Kyber
 * key with its signature takes ~2.2 KB of base64, so 40 of them keep the frame below API Gateway's 128 KB). Whether the identity/signed/last-resort keys are required is decided by
 * {@link KeysService} (they are on a device's first upload and when its identity key changes).
 *
 * @param registrationId libsignal's registration id (1..{@value #MAX_REGISTRATION_ID}), or null
 * @param identityKey the device's identity public key, or null
 */
public record KeysUploadRequest(Integer registrationId, byte[] identityKey, PreKey signedPreKey,
                                PreKey kyberLastResort, List<PreKey> preKeys, List<PreKey> kyberPreKeys) {
    public static final int MAX_KEYS_PER_UPLOAD = KeysUpload.MAX_KEYS_PER_UPLOAD;
    public static final int MAX_KYBER_KEYS_PER_UPLOAD = KeysUpload.MAX_KYBER_KEYS_PER_UPLOAD;
    public static final int MAX_REGISTRATION_ID = dev.chatline.protocol.PublicKeys.MAX_REGISTRATION_ID;

    public KeysUploadRequest {
        preKeys = List.copyOf(preKeys);
        kyberPreKeys = List.copyOf(kyberPreKeys);
    }

    public Optional<byte[]> identity() {
        return Optional.ofNullable(identityKey);
    }

    /** The upload of a decoded, valid {@code keysUpload}: its keys decoded (their shapes are checked already). */
    public static KeysUploadRequest from(KeysUpload u) {
        return new KeysUploadRequest(u.registrationId() == null ? null : u.registrationId().intValue(),
                u.identityKey() == null ? null : KeyFormats.publicKey("identityKey", u.identityKey(), KeyType.EC),
                key(u.signedPreKey(), KeyType.EC), key(u.kyberLastResort(), KeyType.KEM),
                u.preKeys().stream().map(k -> key(k, KeyType.EC)).toList(),
                u.kyberPreKeys().stream().map(k -> key(k, KeyType.KEM)).toList());
    }

    private static PreKey key(KeysUpload.Key k, KeyType type) {
        if (k == null) {
            return null;
        }
        return new PreKey(k.keyId().intValue(), KeyFormats.publicKey("publicKey", k.publicKey(), type),
                k.signature() == null ? null : KeyFormats.signature("signature", k.signature()));
    }
}
