package dev.chatline.client.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * The device's own prekeys with their private parts ({@code prekeys.json}): one-time EC prekeys, signed prekeys,
 * one-time and last-resort Kyber prekeys, and the uses of the last-resort keys. Part of {@link DeviceStore}, which
 * hands libsignal's prekey calls here. Every change is written before the method returns; thread-safe (its own lock:
 * the file is independent of the identity and session files).
 *
 * <p>Invariants: a one-time Kyber prekey is deleted when used; a last-resort Kyber prekey is kept, but a given
 * (signed prekey, base key) pair may use it only once ({@link ReusedBaseKeyException} otherwise).
 */
public final class PreKeyVault implements PreKeyStore, SignedPreKeyStore, KyberPreKeyStore {
    private final JsonFile<PreKeyState> file;
    private final PreKeyState preKeys;

    PreKeyVault(Path directory) {
        this.file = new JsonFile<>(directory.resolve("prekeys.json"), PreKeyState.class);
        this.preKeys = file.loadOr(PreKeyState::new);
    }

    // ---- PreKeyStore

    @Override
    public synchronized PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        return parse(preKeys.preKeys, preKeyId, PreKeyRecord::new);
    }

    @Override
    public synchronized void storePreKey(int preKeyId, PreKeyRecord record) {
        preKeys.preKeys.put(preKeyId, B64.encode(record.serialize()));
        save();
    }

    @Override
    public synchronized boolean containsPreKey(int preKeyId) {
        return preKeys.preKeys.containsKey(preKeyId);
    }

    @Override
    public synchronized void removePreKey(int preKeyId) {
        if (preKeys.preKeys.remove(preKeyId) != null) {
            save();
        }
    }

    // ---- SignedPreKeyStore

    @Override
    public synchronized SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        return parse(preKeys.signedPreKeys, signedPreKeyId, SignedPreKeyRecord::new);
    }

    @Override
    public synchronized List<SignedPreKeyRecord> loadSignedPreKeys() {
        return parseAll(preKeys.signedPreKeys, SignedPreKeyRecord::new);
    }

    @Override
    public synchronized void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        preKeys.signedPreKeys.put(signedPreKeyId, B64.encode(record.serialize()));
        save();
    }

    @Override
    public synchronized boolean containsSignedPreKey(int signedPreKeyId) {
        return preKeys.signedPreKeys.containsKey(signedPreKeyId);
    }

    @Override
    public synchronized void removeSignedPreKey(int signedPreKeyId) {
        if (preKeys.signedPreKeys.remove(signedPreKeyId) != null) {
            save();
        }
    }

    // ---- KyberPreKeyStore

    @Override
    public synchronized KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
        return parse(preKeys.kyberPreKeys, kyberPreKeyId, KyberPreKeyRecord::new);
    }

    @Override
    public synchronized List<KyberPreKeyRecord> loadKyberPreKeys() {
        return parseAll(preKeys.kyberPreKeys, KyberPreKeyRecord::new);
    }

    @Override
    public synchronized void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        preKeys.kyberPreKeys.put(kyberPreKeyId, B64.encode(record.serialize()));
        save();
    }

    /**
     * Deletes a Kyber prekey's private part (a retired last-resort key, or a one-time key the server no longer
     * holds), with the record of the base keys that used it.
     */
    public synchronized void removeKyberPreKey(int kyberPreKeyId) {
        preKeys.kyberPreKeys.remove(kyberPreKeyId);
        preKeys.lastResortKyberIds.remove(kyberPreKeyId);
        preKeys.usedLastResortBaseKeys.removeIf(use -> use.startsWith(kyberPreKeyId + ":"));
        save();
    }

    /** The ids of this device's last-resort Kyber prekeys (the active one and retired ones in their grace period). */
    public synchronized List<Integer> lastResortKyberPreKeyIds() {
        return List.copyOf(preKeys.lastResortKyberIds);
    }

    /** Ids of the one-time prekeys whose private parts this device holds: {EC ids, Kyber ids}. */
    public synchronized List<List<Integer>> oneTimePreKeyIds() {
        return List.of(List.copyOf(preKeys.preKeys.keySet()), preKeys.kyberPreKeys.keySet().stream()
                .filter(id -> !preKeys.lastResortKyberIds.contains(id)).toList());
    }

    /** Stores a last-resort Kyber prekey: one that stays usable after a session used it. */
    public synchronized void storeLastResortKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        preKeys.lastResortKyberIds.add(kyberPreKeyId);
        storeKyberPreKey(kyberPreKeyId, record);
    }

    @Override
    public synchronized boolean containsKyberPreKey(int kyberPreKeyId) {
        return preKeys.kyberPreKeys.containsKey(kyberPreKeyId);
    }

    @Override
    public synchronized void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
            throws ReusedBaseKeyException {
        if (preKeys.lastResortKyberIds.contains(kyberPreKeyId)) {
            String use = kyberPreKeyId + ":" + signedPreKeyId + ":" + B64.encode(baseKey.serialize());
            if (!preKeys.usedLastResortBaseKeys.add(use)) {
                throw new ReusedBaseKeyException("last-resort Kyber prekey " + kyberPreKeyId + " reused with the same base key");
            }
        } else {
            preKeys.kyberPreKeys.remove(kyberPreKeyId);
        }
        save();
    }

    /** How many one-time prekeys this device still holds privately (EC, Kyber without the last-resort keys). */
    public synchronized int[] oneTimePreKeyCounts() {
        int kyber = (int) preKeys.kyberPreKeys.keySet().stream()
                .filter(id -> !preKeys.lastResortKyberIds.contains(id)).count();
        return new int[] {preKeys.preKeys.size(), kyber};
    }

    private void save() {
        file.save(preKeys);
    }

    private interface RecordParser<R> {
        R parse(byte[] bytes) throws InvalidMessageException;
    }

    private static <R> R parse(Map<Integer, String> records, int id, RecordParser<R> parser) throws InvalidKeyIdException {
        String encoded = records.get(id);
        if (encoded == null) {
            throw new InvalidKeyIdException("no such key: " + id);
        }
        try {
            return parser.parse(B64.decode(encoded));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("corrupt key record " + id, e);
        }
    }

    private static <R> List<R> parseAll(TreeMap<Integer, String> records, RecordParser<R> parser) {
        List<R> out = new ArrayList<>();
        for (Integer id : records.keySet()) {
            try {
                out.add(parse(records, id, parser));
            } catch (InvalidKeyIdException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
