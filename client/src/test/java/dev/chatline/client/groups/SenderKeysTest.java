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
        byte[] skdm = new SenderKeys(alice).distributionMessage("g1", 0);
        new SenderKeys(bob).process(alice.self(), skdm);
        new SenderKeys(carol).process(alice.self(), skdm);

        String body = new SenderKeys(alice).encrypt("g1", 0, "hi group".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(new SenderKeys(bob).decrypt(alice.self(), body), StandardCharsets.UTF_8)).isEqualTo("hi group");
        assertThat(new String(new SenderKeys(carol).decrypt(alice.self(), body), StandardCharsets.UTF_8)).isEqualTo("hi group");
    }

    @Test
    void messageBeforeTheSenderKeyIsMissingSenderKeyAndTamperingIsInvalid() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        byte[] skdm = new SenderKeys(alice).distributionMessage("g1", 0);
        String body = new SenderKeys(alice).encrypt("g1", 0, "early".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new SenderKeys(bob).decrypt(alice.self(), body))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.MISSING_SENDER_KEY));

        new SenderKeys(bob).process(alice.self(), skdm);
        byte[] tampered = B64.decode(body);
        tampered[tampered.length - 70] ^= 0x01;
        assertThatThrownBy(() -> new SenderKeys(bob).decrypt(alice.self(), B64.encode(tampered)))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.INVALID_CIPHERTEXT));
        assertThat(new SenderKeys(bob).decrypt(alice.self(), body)).isEqualTo("early".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRotatedSenderKeyIsUnreadableForAMemberWhoOnlyHasTheOldOne() throws Exception {
        DeviceStore alice = DeviceStore.open(dir.resolve("a"), "alice", "phone");
        DeviceStore bob = DeviceStore.open(dir.resolve("b"), "bob", "laptop");
        DeviceStore carol = DeviceStore.open(dir.resolve("c"), "carol", "tablet");
        byte[] first = new SenderKeys(alice).distributionMessage("g1", 0);
        new SenderKeys(bob).process(alice.self(), first);
        new SenderKeys(carol).process(alice.self(), first);

        // carol left: generation 1 goes to bob only
        new SenderKeys(bob).process(alice.self(), new SenderKeys(alice).distributionMessage("g1", 1));
        String body = new SenderKeys(alice).encrypt("g1", 1, "after carol left".getBytes(StandardCharsets.UTF_8));

        assertThat(new SenderKeys(bob).decrypt(alice.self(), body)).isEqualTo("after carol left".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new SenderKeys(carol).decrypt(alice.self(), body))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.MISSING_SENDER_KEY));
    }
}
