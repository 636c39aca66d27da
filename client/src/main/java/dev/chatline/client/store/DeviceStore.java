package dev.chatline.client.store;

import dev.chatline.client.session.DeviceAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * The Signal protocol state of one device, persisted as JSON files (base64 records) in one directory, so a
 * restarted client continues its sessions: {@code identity.json} (own identity key pair, registration id, key-id
 * counters), {@code prekeys.json} (own prekeys with their private parts), {@code sessions.json} (sessions, remote
 * identities, sender keys). Every change is written before the method returns. Thread-safe (one lock).
 *
 * <p>Invariants: a one-time Kyber prekey is deleted when used; a last-resort Kyber prekey is kept, but a given
 * (signed prekey, base key) pair may use it only once ({@link ReusedBaseKeyException} otherwise). Remote
 * identities are trusted on first use and on change (WhatsApp's default); a change is reported to the
 * {@link IdentityChangeListener} so the app can show a safety-number change.
 */
public final class DeviceStore implements SignalProtocolStore {
    /** Told when a contact device's identity key differs from the one seen before. */
    public interface IdentityChangeListener {
        void identityChanged(DeviceAddress device);
    }

    private final Path directory;
    private final JsonFile<IdentityState> identityFile;
    private final JsonFile<SessionState> sessionFile;
    private final IdentityState identity;
    private final PreKeyVault prekeys;
    private final SessionState sessions;
    private volatile IdentityChangeListener identityListener = device -> { };

    private DeviceStore(Path directory) {
        this.directory = directory;
        this.identityFile = new JsonFile<>(directory.resolve("identity.json"), IdentityState.class);
        this.sessionFile = new JsonFile<>(directory.resolve("sessions.json"), SessionState.class);
        this.identity = identityFile.loadOr(IdentityState::new);
        this.prekeys = new PreKeyVault(directory);
        this.sessions = sessionFile.loadOr(SessionState::new);
    }

    /**
     * Opens the store in {@code directory}, creating the device's identity on first use. A store created for
     * another (userId, deviceId) is refused: one directory holds exactly one device.
     */
    public static DeviceStore open(Path directory, String userId, String deviceId) {
        DeviceStore store = new DeviceStore(directory);
        synchronized (store) {
            if (store.identity.identityKeyPair == null) {
                store.identity.userId = userId;
                store.identity.deviceId = deviceId;
                store.identity.identityKeyPair = B64.encode(IdentityKeyPair.generate().serialize());
                store.identity.registrationId = KeyHelper.generateRegistrationId(false);
                store.saveIdentityState();
            } else if (!store.identity.userId.equals(userId) || !store.identity.deviceId.equals(deviceId)) {
                throw new IllegalStateException("the store in " + directory + " belongs to " + store.identity.userId
                        + "/" + store.identity.deviceId);
            }
        }
        return store;
    }

    public Path directory() {
        return directory;
    }

    public DeviceAddress self() {
        return new DeviceAddress(identity.userId, identity.deviceId);
    }

    public void setIdentityChangeListener(IdentityChangeListener listener) {
        this.identityListener = Objects.requireNonNull(listener);
    }

    /** Reads or changes the identity state (counters, active key ids) under the store's lock, then saves it. */
    public synchronized <T> T updateIdentityState(Function<IdentityState, T> change) {
        T result = change.apply(identity);
        saveIdentityState();
        return result;
    }

    /** The account identity this device holds (to sign device lists), if it has one. */
    public synchronized java.util.Optional<IdentityKeyPair> accountKeyPair() {
        if (identity.accountKeyPair == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new IdentityKeyPair(B64.decode(identity.accountKeyPair)));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("corrupt account key in " + directory, e);
        }
    }

    public synchronized void setAccountKeyPair(IdentityKeyPair pair) {
        identity.accountKeyPair = B64.encode(pair.serialize());
        saveIdentityState();
    }

    public synchronized boolean isRegistered() {
        return identity.registered;
    }

    // ---- IdentityKeyStore

    @Override
    public synchronized IdentityKeyPair getIdentityKeyPair() {
        try {
            return new IdentityKeyPair(B64.decode(identity.identityKeyPair));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("corrupt identity key in " + directory, e);
        }
    }

    @Override
    public synchronized int getLocalRegistrationId() {
        return identity.registrationId;
    }

    @Override
    public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        String encoded = B64.encode(identityKey.serialize());
        String previous;
        synchronized (this) {
            previous = sessions.identities.put(address.getName(), encoded);
            saveSessionState();
        }
        if (previous != null && !previous.equals(encoded)) {
            identityListener.identityChanged(DeviceAddress.of(address));
            return IdentityChange.REPLACED_EXISTING;
        }
        return IdentityChange.NEW_OR_UNCHANGED;
    }

    /** Trust on first use and on change; changes are surfaced through {@link IdentityChangeListener}. */
    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        return true;
    }

    @Override
    public synchronized IdentityKey getIdentity(SignalProtocolAddress address) {
        String encoded = sessions.identities.get(address.getName());
        try {
            return encoded == null ? null : new IdentityKey(B64.decode(encoded));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("corrupt identity for " + address, e);
        }
    }

    // ---- PreKeyStore, SignedPreKeyStore, KyberPreKeyStore: the device's own prekeys (PreKeyVault)

    @Override
    public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        return prekeys.loadPreKey(preKeyId);
    }

    @Override
    public void storePreKey(int preKeyId, PreKeyRecord record) {
        prekeys.storePreKey(preKeyId, record);
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return prekeys.containsPreKey(preKeyId);
    }

    @Override
    public void removePreKey(int preKeyId) {
        prekeys.removePreKey(preKeyId);
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        return prekeys.loadSignedPreKey(signedPreKeyId);
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        return prekeys.loadSignedPreKeys();
    }

    @Override
    public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        prekeys.storeSignedPreKey(signedPreKeyId, record);
    }

    @Override
    public boolean containsSignedPreKey(int signedPreKeyId) {
        return prekeys.containsSignedPreKey(signedPreKeyId);
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        prekeys.removeSignedPreKey(signedPreKeyId);
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
        return prekeys.loadKyberPreKey(kyberPreKeyId);
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return prekeys.loadKyberPreKeys();
    }

    @Override
    public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        prekeys.storeKyberPreKey(kyberPreKeyId, record);
    }

    @Override
    public boolean containsKyberPreKey(int kyberPreKeyId) {
        return prekeys.containsKyberPreKey(kyberPreKeyId);
    }

    @Override
    public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
            throws ReusedBaseKeyException {
        prekeys.markKyberPreKeyUsed(kyberPreKeyId, signedPreKeyId, baseKey);
    }

    /** The own prekeys beyond libsignal's interface: last-resort Kyber keys, counts, pruning. */
    public PreKeyVault prekeys() {
        return prekeys;
    }

    // ---- SessionStore

    @Override
    public synchronized SessionRecord loadSession(SignalProtocolAddress address) {
        String encoded = sessions.sessions.get(address.getName());
        if (encoded == null) {
            return new SessionRecord();
        }
        try {
            return new SessionRecord(B64.decode(encoded));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("corrupt session for " + address, e);
        }
    }

    @Override
    public synchronized List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
            throws NoSessionException {
        List<SessionRecord> out = new ArrayList<>();
        for (SignalProtocolAddress address : addresses) {
            if (!sessions.sessions.containsKey(address.getName())) {
                throw new NoSessionException("no session for " + address);
            }
            out.add(loadSession(address));
        }
        return out;
    }

    /** Every device maps to libsignal device id 1 of its own name, so there are never sub-device sessions. */
    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        return List.of();
    }

    @Override
    public synchronized void storeSession(SignalProtocolAddress address, SessionRecord record) {
        sessions.sessions.put(address.getName(), B64.encode(record.serialize()));
        saveSessionState();
    }

    @Override
    public synchronized boolean containsSession(SignalProtocolAddress address) {
        return sessions.sessions.containsKey(address.getName());
    }

    @Override
    public synchronized void deleteSession(SignalProtocolAddress address) {
        if (sessions.sessions.remove(address.getName()) != null) {
            saveSessionState();
        }
    }

    @Override
    public synchronized void deleteAllSessions(String name) {
        deleteSession(new SignalProtocolAddress(name, 1));
    }

    // ---- SenderKeyStore

    @Override
    public synchronized void storeSenderKey(SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
        sessions.senderKeys.put(sender.getName() + "/" + distributionId, B64.encode(record.serialize()));
        saveSessionState();
    }

    @Override
    public synchronized SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
        String encoded = sessions.senderKeys.get(sender.getName() + "/" + distributionId);
        try {
            return encoded == null ? null : new SenderKeyRecord(B64.decode(encoded));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("corrupt sender key for " + sender, e);
        }
    }

    // ---- persistence

    private void saveIdentityState() {
        identityFile.save(identity);
    }

    private void saveSessionState() {
        sessionFile.save(sessions);
    }
}
