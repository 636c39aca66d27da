package dev.chatline.keys;

import dev.chatline.connection.DeviceAccount;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.LinkFrames;
import java.util.Base64;

/** The key service's server frames as records of the protocol: {@code keyBundles} and the parts it shares. */
public final class KeyFrames {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private KeyFrames() {
    }

    /** {@code keysUploaded}: the device's one-time keys after the upload. */
    public static KeysFrames.KeysUploaded uploaded(KeyCounts counts) {
        return new KeysFrames.KeysUploaded(counts.preKeys(), counts.kyberPreKeys());
    }

    /** {@code keysCount}: the device's one-time keys left. */
    public static KeysFrames.KeysCount count(KeyCounts counts) {
        return new KeysFrames.KeysCount(counts.preKeys(), counts.kyberPreKeys());
    }

    /** {@code keyBundles}: one bundle per device with keys, and the signed list once the user has an account. */
    public static KeysFrames.KeyBundles bundles(String userId, KeysService.Bundles fetched) {
        return new KeysFrames.KeyBundles(userId, fetched.account().map(KeyFrames::signedList).orElse(null),
                fetched.bundles().stream().map(b -> new KeysFrames.KeyBundles.Bundle(b.device().deviceId(),
                        b.device().registrationId(), B64.encodeToString(b.device().identityKey()),
                        key(b.device().signedPreKey()), b.preKey().map(KeyFrames::key).orElse(null),
                        key(b.kyberPreKey()))).toList());
    }

    /** The signed device list: all base64 but the version. */
    public static LinkFrames.SignedList signedList(DeviceAccount.Account a) {
        return new LinkFrames.SignedList(B64.encodeToString(a.accountKey()), a.version(),
                B64.encodeToString(a.list()), B64.encodeToString(a.signature()));
    }

    private static KeysFrames.PublicKey key(PreKey k) {
        return new KeysFrames.PublicKey(k.keyId(), k.publicKeyBase64(),
                k.signature() == null ? null : k.signatureBase64());
    }
}
