package dev.chatline.client.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderKeysTest {
    @TempDir
    Path dir;

    @Test
    void oneGroupCiphertextIsReadableByEveryMemberWithTheSenderKey() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        DeviceStore carol = DeviceStore.open(dir.resolve("c"), "carol", "tablet");
        SenderKeyGrant skdm = new SenderKeys(alice).grant("g1", 0);
        new SenderKeys(bob).process(alice.self(), skdm);
        new SenderKeys(carol).process(alice.self(), skdm);

        String body = new SenderKeys(alice).encrypt("g1", 0, "hi group".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(new SenderKeys(bob).decrypt(alice.self(), "g1", body), StandardCharsets.UTF_8)).isEqualTo("hi group");
        assertThat(new String(new SenderKeys(carol).decrypt(alice.self(), "g1", body), StandardCharsets.UTF_8)).isEqualTo("hi group");
    }

    @Test
    void messageBeforeTheSenderKeyIsMissingSenderKeyAndTamperingIsInvalid() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        SenderKeyGrant skdm = new SenderKeys(alice).grant("g1", 0);
        String body = new SenderKeys(alice).encrypt("g1", 0, "early".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new SenderKeys(bob).decrypt(alice.self(), "g1", body))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.MISSING_SENDER_KEY));

        new SenderKeys(bob).process(alice.self(), skdm);
        byte[] tampered = B64.decode(body);
        tampered[tampered.length - 70] ^= 0x01;
        assertThatThrownBy(() -> new SenderKeys(bob).decrypt(alice.self(), "g1", B64.encode(tampered)))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.INVALID_CIPHERTEXT));
        assertThat(new SenderKeys(bob).decrypt(alice.self(), "g1", body)).isEqualTo("early".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRotatedSenderKeyIsUnreadableForAMemberWhoOnlyHasTheOldOne() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        DeviceStore carol = DeviceStore.open(dir.resolve("c"), "carol", "tablet");
        SenderKeyGrant first = new SenderKeys(alice).grant("g1", 0);
        new SenderKeys(bob).process(alice.self(), first);
        new SenderKeys(carol).process(alice.self(), first);

        // carol left: generation 1 goes to bob only
        new SenderKeys(bob).process(alice.self(), new SenderKeys(alice).grant("g1", 1));
        String body = new SenderKeys(alice).encrypt("g1", 1, "after carol left".getBytes(StandardCharsets.UTF_8));

        assertThat(new SenderKeys(bob).decrypt(alice.self(), "g1", body)).isEqualTo("after carol left".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new SenderKeys(carol).decrypt(alice.self(), "g1", body))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.MISSING_SENDER_KEY));
    }

    @Test
    void aSenderKeyDecryptsOnlyInTheGroupItWasGrantedFor() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        new SenderKeys(bob).process(alice.self(), new SenderKeys(alice).grant("g1", 0));
        new SenderKeys(bob).process(alice.self(), new SenderKeys(alice).grant("g2", 0));
        String inG1 = new SenderKeys(alice).encrypt("g1", 0, "for g1 only".getBytes(StandardCharsets.UTF_8));

        // the server replays g1's ciphertext into g2 (alice and bob are in both)
        assertThatThrownBy(() -> new SenderKeys(bob).decrypt(alice.self(), "g2", inG1))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(DecryptionException.Reason.WRONG_GROUP))
                .hasMessageContaining("replayed into group g2");
        assertThat(new SenderKeys(bob).decrypt(alice.self(), "g1", inG1)).isEqualTo("for g1 only".getBytes(StandardCharsets.UTF_8));

        // nor can g1's key be re-labelled as g2's: the first binding holds
        SenderKeyGrant relabelled = new SenderKeyGrant("g2", new SenderKeys(alice).grant("g1", 0).distributionMessage());
        assertThatThrownBy(() -> new SenderKeys(bob).process(alice.self(), relabelled))
                .isInstanceOfSatisfying(DecryptionException.class, e -> assertThat(e.reason())
                        .isEqualTo(DecryptionException.Reason.WRONG_GROUP));
    }

    @Test
    void aGrantRoundTripsAndGarbageIsNotOne() {
        SenderKeyGrant grant = new SenderKeyGrant("g1", new byte[] {1, 2, 3});
        SenderKeyGrant back = SenderKeyGrant.fromBytes(grant.toBytes());
        assertThat(back.groupId()).isEqualTo("g1");
        assertThat(back.distributionMessage()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> SenderKeyGrant.fromBytes("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
