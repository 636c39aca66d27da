package dev.chatline.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.store.IdentityState;
import dev.chatline.protocol.KeysUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

class KeyRotationTest {
    private static final KeyRotation.Policy WEEKLY = new KeyRotation.Policy(Duration.ofDays(7), Duration.ofDays(30));

    @TempDir
    java.nio.file.Path dir;

    private final List<KeysUpload> uploads = new ArrayList<>();
    private final Consumer<KeysUpload> server = uploads::add;

    private DeviceStore registered() {
        DeviceStore store = DeviceStore.open(dir, "alice", "phone");
        new PreKeyGenerator(store).registrationUpload(3);
        return store;
    }

    private static int[] active(DeviceStore store) {
        return store.updateIdentityState((IdentityState s) -> new int[] {s.activeSignedPreKeyId, s.activeLastResortKyberId});
    }

    private static List<Integer> signedIds(DeviceStore store) {
        return store.loadSignedPreKeys().stream().map(SignedPreKeyRecord::getId).sorted().toList();
    }

    @Test
    void nothingRotatesBeforeTheInterval() {
        DeviceStore store = registered();
        KeyRotation rotation = new KeyRotation(store, new PreKeyGenerator(store));
        assertThat(rotation.rotateIfDue(server, WEEKLY, Instant.now().plus(Duration.ofDays(6)))).isFalse();
        assertThat(uploads).isEmpty();
    }

    @Test
    void anOldSignedPreKeyIsReplacedAndTheOldOneKeptForTheGracePeriod() {
        DeviceStore store = registered();
        KeyRotation rotation = new KeyRotation(store, new PreKeyGenerator(store));
        int[] before = active(store);

        assertThat(rotation.rotateIfDue(server, WEEKLY, Instant.now().plus(Duration.ofDays(8)))).isTrue();

        assertThat(uploads).hasSize(1);
        KeysUpload upload = uploads.get(0);
        assertThat(upload.signedPreKey()).isNotNull();
        assertThat(upload.kyberLastResort()).isNotNull();
        assertThat(upload.identityKey()).as("a rotation is not a new identity").isNull();
        int[] after = active(store);
        assertThat(after[0]).isEqualTo(upload.signedPreKey().keyId().intValue()).isNotEqualTo(before[0]);
        assertThat(after[1]).isEqualTo(upload.kyberLastResort().keyId().intValue()).isNotEqualTo(before[1]);
        assertThat(signedIds(store)).containsExactly(before[0], after[0]); // the old one still decrypts
        assertThat(store.prekeys().lastResortKyberPreKeyIds()).containsExactlyInAnyOrder(before[1], after[1]);

        rotation.prune(WEEKLY, Instant.now().plus(Duration.ofDays(29)));
        assertThat(signedIds(store)).containsExactly(before[0], after[0]);
        rotation.prune(WEEKLY, Instant.now().plus(Duration.ofDays(31)));
        assertThat(signedIds(store)).containsExactly(after[0]);
        assertThat(store.prekeys().lastResortKyberPreKeyIds()).containsExactly(after[1]);
        assertThat(store.containsKyberPreKey(before[1])).isFalse();
    }

    @Test
    void aRotationTheServerRefusedLeavesTheOldKeysActive() {
        DeviceStore store = registered();
        KeyRotation rotation = new KeyRotation(store, new PreKeyGenerator(store));
        int[] before = active(store);
        assertThatThrownBy(() -> rotation.rotateIfDue(frame -> {
            throw new IllegalStateException("connection lost");
        }, WEEKLY, Instant.now().plus(Duration.ofDays(8)))).hasMessage("connection lost");
        assertThat(active(store)).containsExactly(before);
        assertThat(signedIds(store)).containsExactly(before[0]);
        assertThat(store.prekeys().lastResortKyberPreKeyIds()).containsExactly(before[1]);
    }

    @Test
    void oneTimeKeysTheServerNoLongerHoldsArePruned() {
        DeviceStore store = registered();
        int[] next = store.updateIdentityState(s -> new int[] {s.nextPreKeyId, s.nextKyberPreKeyId});
        new PreKeyGenerator(store).registrationUpload(2); // the server lost the device's keys: a new batch
        new KeyRotation(store, new PreKeyGenerator(store)).pruneOneTimeKeysBelow(next[0], next[1]);
        assertThat(store.prekeys().oneTimePreKeyIds().get(0)).hasSize(2).allMatch(id -> id >= next[0]);
        assertThat(store.prekeys().oneTimePreKeyIds().get(1)).hasSize(2).allMatch(id -> id >= next[1]);
        assertThat(store.prekeys().lastResortKyberPreKeyIds()).hasSize(2); // retired ones go by the grace period, not here
    }
}
