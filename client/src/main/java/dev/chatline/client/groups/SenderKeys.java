package dev.chatline.client.groups;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DecryptionException.Reason;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.store.SenderKeyBindings;
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
import org.signal.libsignal.protocol.message.SenderKeyMessage;

/**
 * Sender keys for groups: each device has one sender key per group and generation (distribution id derived from both),
 * hands it to every member device once as a {@link SenderKeyGrant} (the {@link SenderKeyDistributionMessage} named
 * with its group, sent pairwise, i.e. encrypted in envelopes), then encrypts each group message once for everybody.
 * A received key decrypts only messages of the group it was granted for ({@link SenderKeyBindings}).
 */
public final class SenderKeys {
    private final DeviceStore store;
    private final SenderKeyBindings bindings;

    public SenderKeys(DeviceStore store) {
        this.store = store;
        this.bindings = new SenderKeyBindings(store.directory());
    }

    /**
     * The distribution id of this device's sender key for a group, per generation (a new generation after a member
     * left). Receivers need not know it: every group ciphertext names its distribution id.
     */
    public static UUID distributionId(String groupId, int generation) {
        return UUID.nameUUIDFromBytes(("chatline-group:" + groupId + ":" + generation).getBytes(StandardCharsets.UTF_8));
    }

    /** This device's sender key for the group as a grant (distribution message named with the group; created on first use). */
    public SenderKeyGrant grant(String groupId, int generation) {
        return new SenderKeyGrant(groupId, new GroupSessionBuilder(store)
                .create(store.self().signal(), distributionId(groupId, generation)).serialize());
    }

    /**
     * Stores another device's sender key from its grant, bound to the grant's group. A key already bound to another
     * group is refused ({@code WRONG_GROUP}): one sender key belongs to one group.
     */
    public void process(DeviceAddress sender, SenderKeyGrant grant) throws DecryptionException {
        SenderKeyDistributionMessage skdm;
        try {
            skdm = new SenderKeyDistributionMessage(grant.distributionMessage());
        } catch (InvalidMessageException | InvalidVersionException | LegacyMessageException | InvalidKeyException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "invalid sender key distribution message", e);
        }
        if (!bindings.bind(sender, skdm.getDistributionId(), grant.groupId())) {
            throw new DecryptionException(sender, Reason.WRONG_GROUP, "a sender key of group "
                    + bindings.groupOf(sender, skdm.getDistributionId()) + " offered again for group " + grant.groupId(), null);
        }
        new GroupSessionBuilder(store).process(sender.signal(), skdm);
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
     * Decrypts a message of group {@code groupId}. Reason {@code MISSING_SENDER_KEY} when the sender's key has not
     * arrived yet (its distribution message travels in another chat, so it may come later): keep the message and
     * retry. Reason {@code WRONG_GROUP} when the sender's key was given for another group (a replayed ciphertext).
     */
    public byte[] decrypt(DeviceAddress sender, String groupId, String body) throws DecryptionException {
        try {
            byte[] bytes = B64.decode(body);
            String boundTo = bindings.groupOf(sender, new SenderKeyMessage(bytes).getDistributionId());
            if (boundTo == null) {
                throw new NoSessionException("no sender key for this distribution id");
            }
            if (!boundTo.equals(groupId)) {
                throw new DecryptionException(sender, Reason.WRONG_GROUP,
                        "a message of group " + boundTo + " replayed into group " + groupId, null);
            }
            return new GroupCipher(store, sender.signal()).decrypt(bytes);
        } catch (NoSessionException e) {
            throw new DecryptionException(sender, Reason.MISSING_SENDER_KEY, "no sender key yet", e);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(sender, Reason.INVALID_CIPHERTEXT, "the body is not base64", e);
        } catch (InvalidMessageException | LegacyMessageException | InvalidVersionException e) {
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
