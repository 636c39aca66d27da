package dev.chatline.client.keys;

import dev.chatline.client.store.DeviceStore;
import dev.chatline.protocol.KeysUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.signal.libsignal.protocol.InvalidKeyIdException;

/**
 * Key hygiene for one device: rotates the signed prekey and the last-resort Kyber prekey once they are older than
 * {@link Policy#interval()} (Signal rotates every few days), and deletes the private parts of retired ones once
 * they have been replaced for {@link Policy#grace()}: a session started from the old bundle (a prekey message
 * still in an inbox, or a bundle fetched just before the rotation) still decrypts within the grace period, which by
 * default equals the server's message retention (30 days).
 *
 * <p>Invariants: the active keys are never deleted; a new key becomes active only once the server took it (a failed
 * upload leaves the old keys active and removes the new ones); a retired key is deleted only after its successor
 * has been active for the grace period. Consumed one-time prekeys are deleted by libsignal when used
 * ({@code removePreKey}, {@code markKyberPreKeyUsed}); {@link #pruneOneTimeKeysBelow} drops those the server no
 * longer holds (after it lost this device's keys and got a new batch).
 */
public final class KeyRotation {
    /** How often to rotate, and how long a retired key still decrypts. */
    public record Policy(Duration interval, Duration grace) {
        /** Every 7 days, kept 30 days (the message retention) after being replaced. */
        public static final Policy DEFAULT = new Policy(Duration.ofDays(7), Duration.ofDays(30));
    }

    private final DeviceStore store;
    private final PreKeyGenerator generator;

    public KeyRotation(DeviceStore store, PreKeyGenerator generator) {
        this.store = store;
        this.generator = generator;
    }

    /**
     * Uploads a new signed prekey and last-resort Kyber key through {@code upload} when the active ones are older
     * than the policy's interval, then prunes retired keys. Returns true when it rotated.
     */
    public boolean rotateIfDue(Consumer<KeysUpload> upload, Policy policy, Instant now) {
        boolean rotated = false;
        if (activeSignedPreKeyAge(now).compareTo(policy.interval()) >= 0) {
            int[] before = store.updateIdentityState(s -> new int[] {s.activeSignedPreKeyId, s.activeLastResortKyberId});
            KeysUpload frame = generator.rotationUpload();
            try {
                upload.accept(frame);
            } catch (RuntimeException e) {
                store.updateIdentityState(s -> {
                    store.removeSignedPreKey(s.activeSignedPreKeyId);
                    store.prekeys().removeKyberPreKey(s.activeLastResortKyberId);
                    s.activeSignedPreKeyId = before[0];
                    s.activeLastResortKyberId = before[1];
                    return null;
                });
                throw e;
            }
            rotated = true;
        }
        prune(policy, now);
        return rotated;
    }

    /** Deletes retired signed and last-resort Kyber prekeys whose successor has been active longer than the grace. */
    public void prune(Policy policy, Instant now) {
        int[] active = store.updateIdentityState(s -> new int[] {s.activeSignedPreKeyId, s.activeLastResortKyberId});
        List<Integer> signed = store.loadSignedPreKeys().stream().map(r -> r.getId()).sorted().toList();
        pruneRetired(signed, active[0], id -> timestamp(id, true), policy, now, store::removeSignedPreKey);
        List<Integer> kyber = store.prekeys().lastResortKyberPreKeyIds().stream().sorted().toList();
        pruneRetired(kyber, active[1], id -> timestamp(id, false), policy, now, store.prekeys()::removeKyberPreKey);
    }

    /** Deletes the private parts of one-time prekeys with ids below these (the server holds none of them). */
    public void pruneOneTimeKeysBelow(int ecId, int kyberId) {
        List<List<Integer>> ids = store.prekeys().oneTimePreKeyIds();
        ids.get(0).stream().filter(id -> id < ecId).forEach(store::removePreKey);
        ids.get(1).stream().filter(id -> id < kyberId).forEach(store.prekeys()::removeKyberPreKey);
    }

    private static void pruneRetired(List<Integer> ids, int active, IntFunction<Long> createdAt, Policy policy,
                                     Instant now, java.util.function.IntConsumer remove) {
        IntPredicate expired = id -> {
            // a key is retired when the next one (by id: ids only grow) was created; it stays for the grace after
            Integer successor = ids.stream().filter(other -> other > id).findFirst().orElse(null);
            return successor != null && Instant.ofEpochMilli(createdAt.apply(successor)).plus(policy.grace()).isBefore(now);
        };
        ids.stream().filter(id -> id != active).filter(expired::test).forEach(remove::accept);
    }

    private Duration activeSignedPreKeyAge(Instant now) {
        int active = store.updateIdentityState(s -> s.activeSignedPreKeyId);
        return Duration.between(Instant.ofEpochMilli(timestamp(active, true)), now);
    }

    private long timestamp(int id, boolean signed) {
        try {
            return signed ? store.loadSignedPreKey(id).getTimestamp() : store.loadKyberPreKey(id).getTimestamp();
        } catch (InvalidKeyIdException e) {
            throw new IllegalStateException("the active prekey " + id + " is missing from the store", e);
        }
    }
}
