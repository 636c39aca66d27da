package dev.chatline.client.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.transport.Json;
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
    public ObjectNode registrationUpload(int oneTimeKeys) {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        ObjectNode frame = Json.action("keysUpload");
        frame.put("registrationId", store.getLocalRegistrationId());
        frame.put("identityKey", B64.encode(identity.getPublicKey().serialize()));
        frame.set("signedPreKey", newSignedPreKey(identity));
        frame.set("kyberLastResort", newKyberPreKey(identity, true));
        addOneTimeKeys(frame, identity, oneTimeKeys, oneTimeKeys);
        return frame;
    }

    /** A rotation: a new signed prekey and last-resort Kyber key (they become the active ones). */
    public ObjectNode rotationUpload() {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        ObjectNode frame = Json.action("keysUpload");
        frame.set("signedPreKey", newSignedPreKey(identity));
        frame.set("kyberLastResort", newKyberPreKey(identity, true));
        return frame;
    }

    /** A replenishing upload: only one-time keys. */
    public ObjectNode replenishUpload(int ecKeys, int kyberKeys) {
        ObjectNode frame = Json.action("keysUpload");
        addOneTimeKeys(frame, store.getIdentityKeyPair(), ecKeys, kyberKeys);
        return frame;
    }

    private void addOneTimeKeys(ObjectNode frame, IdentityKeyPair identity, int ecKeys, int kyberKeys) {
        ArrayNode ec = frame.putArray("preKeys");
        for (int i = 0; i < ecKeys; i++) {
            int id = store.updateIdentityState(s -> s.nextPreKeyId++);
            ECKeyPair pair = ECKeyPair.generate();
            store.storePreKey(id, new PreKeyRecord(id, pair));
            ec.addObject().put("keyId", id).put("publicKey", B64.encode(pair.getPublicKey().serialize()));
        }
        ArrayNode kyber = frame.putArray("kyberPreKeys");
        for (int i = 0; i < kyberKeys; i++) {
            kyber.add(newKyberPreKey(identity, false));
        }
    }

    private ObjectNode newSignedPreKey(IdentityKeyPair identity) {
        int id = store.updateIdentityState(s -> s.activeSignedPreKeyId = s.nextSignedPreKeyId++);
        ECKeyPair pair = ECKeyPair.generate();
        byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, System.currentTimeMillis(), pair, signature));
        return Json.object().put("keyId", id).put("publicKey", B64.encode(pair.getPublicKey().serialize()))
                .put("signature", B64.encode(signature));
    }

    private ObjectNode newKyberPreKey(IdentityKeyPair identity, boolean lastResort) {
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
        return Json.object().put("keyId", id).put("publicKey", B64.encode(pair.getPublicKey().serialize()))
                .put("signature", B64.encode(signature));
    }
}
