package dev.chatline.client.session;

import dev.chatline.client.keys.KeyBundles.DeviceBundle;
import dev.chatline.client.session.DecryptionException.Reason;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * Pairwise (Double Ratchet over PQXDH) sessions with single devices: set up from a fetched bundle, encrypt to an
 * {@link EncryptedEnvelope}, decrypt an envelope. All state lives in the {@link DeviceStore}; callers serialize
 * access per store (libsignal's store calls are not transactional).
 */
public final class PairwiseCipher {
    private final DeviceStore store;

    public PairwiseCipher(DeviceStore store) {
        this.store = store;
    }

    public boolean hasSession(DeviceAddress device) {
        return store.containsSession(device.signal());
    }

    /** Builds a session from a bundle (verifies the signed and Kyber prekey signatures against the identity key). */
    public void establish(DeviceBundle bundle) throws InvalidKeyException {
        try {
            new SessionBuilder(store, bundle.device().signal()).process(bundle.bundle());
        } catch (UntrustedIdentityException e) {
            throw new IllegalStateException("identities are trusted on first use and change", e);
        }
    }

    public void deleteSession(DeviceAddress device) {
        store.deleteSession(device.signal());
    }

    /** Encrypts for one device that has a session ({@link NoSessionException} otherwise). */
    public EncryptedEnvelope encrypt(DeviceAddress device, byte[] plaintext) throws NoSessionException {
        try {
            CiphertextMessage message = new SessionCipher(store, device.signal()).encrypt(plaintext);
            String type = message.getType() == CiphertextMessage.PREKEY_TYPE ? EncryptedEnvelope.PREKEY
                    : EncryptedEnvelope.MESSAGE;
            int registrationId = store.loadSession(device.signal()).getRemoteRegistrationId();
            return new EncryptedEnvelope(device, type, B64.encode(message.serialize()), registrationId);
        } catch (UntrustedIdentityException e) {
            throw new IllegalStateException("identities are trusted on first use and change", e);
        }
    }

    /** Decrypts an envelope from {@code sender}; any failure is a {@link DecryptionException} naming the cause. */
    public byte[] decrypt(DeviceAddress sender, String type, String body) throws DecryptionException {
        SessionCipher cipher = new SessionCipher(store, sender.signal());
        try {
            byte[] bytes = B64.decode(body);
            if (EncryptedEnvelope.PREKEY.equals(type)) {
                return cipher.decrypt(new PreKeySignalMessage(bytes));
            }
            if (EncryptedEnvelope.MESSAGE.equals(type)) {
                return cipher.decrypt(new SignalMessage(bytes));
            }
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "unknown envelope type '" + type + "'",
                    null);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "the body is not base64", e);
        } catch (InvalidMessageException | InvalidKeyException | InvalidVersionException | LegacyMessageException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT,
                    "invalid or tampered ciphertext (" + e.getMessage() + ")", e);
        } catch (DuplicateMessageException e) {
            throw new DecryptionException(sender, Reason.DUPLICATE, "duplicate message", e);
        } catch (NoSessionException | InvalidKeyIdException e) {
            throw new DecryptionException(sender, Reason.NO_SESSION,
                    "no session or prekey for it (" + e.getMessage() + ")", e);
        } catch (UntrustedIdentityException e) {
            throw new IllegalStateException("identities are trusted on first use and change", e);
        }
    }
}
