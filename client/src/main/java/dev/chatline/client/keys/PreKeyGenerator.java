package dev.chatline.client.keys;

import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.protocol.KeysUpload.Key;
import java.util.ArrayList;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Generates this device's prekeys, keeps the private parts in the {@link DeviceStore} and builds the
 * {@code keysUpload} frame with the public parts (the server never sees a private key). Key ids increase per kind
 * and are never reused. Signed and Kyber prekeys are signed with the identity key (PQXDH needs a Kyber key in
 * every bundle: the server falls back to the last-resort one when the one-time Kyber keys run out).
 */
public final class PreKeyGenerator {
    private final DeviceStore store;

    public PreKeyGenerator(DeviceStore store) {
        this.store = store;
    }

    /** The first upload: identity key, registration id, signed prekey, last-resort Kyber key and one-time keys. */
    public KeysUpload registrationUpload(int oneTimeKeys) {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        return new KeysUpload((long) store.getLocalRegistrationId(), B64.encode(identity.getPublicKey().serialize()),
                newSignedPreKey(identity), newKyberPreKey(identity, true), ecKeys(oneTimeKeys),
                kyberKeys(identity, oneTimeKeys));
    }

    /** A rotation: a new signed prekey and last-resort Kyber key (they become the active ones). */
    public KeysUpload rotationUpload() {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        return new KeysUpload(null, null, newSignedPreKey(identity), newKyberPreKey(identity, true), null, null);
    }

    /** A replenishing upload: only one-time keys. */
    public KeysUpload replenishUpload(int ecKeys, int kyberKeys) {
        return new KeysUpload(null, null, null, null, ecKeys(ecKeys),
                kyberKeys(store.getIdentityKeyPair(), kyberKeys));
    }

    private List<Key> ecKeys(int count) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int id = store.updateIdentityState(s -> s.nextPreKeyId++);
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            keys.add(new Key((long) id, B64.encode(pair.getPublicKey().serialize()), null));
        }
        return keys;
    }

    private List<Key> kyberKeys(IdentityKeyPair identity, int count) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(newKyberPreKey(identity, false));
        }
        return keys;
    }

    private Key newSignedPreKey(IdentityKeyPair identity) {
        int id = store.updateIdentityState(s -> s.activeSignedPreKeyId = s.nextSignedPreKeyId++);
        ECKeyPair pair = ECKeyPair.generate();
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, System.currentTimeMillis(), pair, signature));
        return new Key((long) id, B64.encode(pair.getPublicKey().serialize()), B64.encode(signature));
    }

    private Key newKyberPreKey(IdentityKeyPair identity, boolean lastResort) {
        int id = store.updateIdentityState(s -> s.nextKyberPreKeyId++);
        KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        KyberPreKeyRecord record = new KyberPreKeyRecord(id, System.currentTimeMillis(), pair, signature);
        if (lastResort) {
            store.prekeys().storeLastResortKyberPreKey(id, record);
            store.updateIdentityState(s -> s.activeLastResortKyberId = id);
        } else {
            store.storeKyberPreKey(id, record);
        }
        return new Key((long) id, B64.encode(pair.getPublicKey().serialize()), B64.encode(signature));
    }
}
