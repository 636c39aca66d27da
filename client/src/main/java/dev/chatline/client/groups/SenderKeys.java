package dev.chatline.client.groups;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DecryptionException.Reason;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.InvalidVersionException;
import org.signal.libsignal.protocol.LegacyMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;

/**
 * Sender keys for groups: each device has one sender key per group and generation (distribution id derived from both),
 * hands it to every member device once as a {@link SenderKeyDistributionMessage} (sent pairwise, i.e. encrypted in
 * envelopes), then encrypts each group message once for everybody.
 */
public final class SenderKeys {
    private final DeviceStore store;

    public SenderKeys(DeviceStore store) {
        this.store = store;
    }

    /**
     * The distribution id of this device's sender key for a group, per generation (a new generation after a member
     * left). Receivers need not know it: every group ciphertext names its distribution id.
     */
    public static UUID distributionId(String groupId, int generation) {
        return UUID.nameUUIDFromBytes(("chatline-group:" + groupId + ":" + generation).getBytes(StandardCharsets.UTF_8));
    }

    /** This device's sender key for the group as a distribution message (created on first use). */
    public byte[] distributionMessage(String groupId, int generation) {
        return new GroupSessionBuilder(store).create(store.self().signal(), distributionId(groupId, generation)).serialize();
    }

    /** Stores another device's sender key from its distribution message. */
    public void process(DeviceAddress sender, byte[] distributionMessage) throws DecryptionException {
        try {
            new GroupSessionBuilder(store).process(sender.signal(), new SenderKeyDistributionMessage(distributionMessage));
        } catch (InvalidMessageException | InvalidVersionException | LegacyMessageException | InvalidKeyException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "invalid sender key distribution message", e);
        }
    }

    /** One ciphertext of {@code plaintext} for every member (base64 SenderKeyMessage). */
    public String encrypt(String groupId, int generation, byte[] plaintext) {
        try {
            return B64.encode(new GroupCipher(store, store.self().signal())
                    .encrypt(distributionId(groupId, generation), plaintext).serialize());
        } catch (NoSessionException e) {
            throw new IllegalStateException("own sender key missing after creating it", e);
        }
    }

    /**
     * Decrypts a group message. Reason {@code MISSING_SENDER_KEY} when the sender's key has not arrived yet (its
     * distribution message travels in another chat, so it may come later): keep the message and retry.
     */
    public byte[] decrypt(DeviceAddress sender, String body) throws DecryptionException {
        try {
            return new GroupCipher(store, sender.signal()).decrypt(B64.decode(body));
        } catch (NoSessionException e) {
            throw new DecryptionException(sender, Reason.MISSING_SENDER_KEY, "no sender key yet", e);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "the body is not base64", e);
        } catch (InvalidMessageException | LegacyMessageException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "invalid or tampered group ciphertext (" + e.getMessage() + ")", e);
        } catch (DuplicateMessageException e) {
            throw new DecryptionException(sender, Reason.DUPLICATE, "duplicate group message", e);
        } catch (AssertionError e) {
            // libsignal 0.86.5 reports a bad sender-key signature as an undeclared InvalidKeyException, which its
            // exception filter turns into an AssertionError: that is a tampered message, not a bug here
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT,
                    "invalid or tampered group ciphertext (bad signature)", e);
        }
    }
}
