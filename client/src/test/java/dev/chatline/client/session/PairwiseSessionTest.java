package dev.chatline.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.client.keys.PreKeyGenerator;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session setup from bundles and 1:1 encryption, without a server (the key exchange is simulated). */
class PairwiseSessionTest {
    @TempDir
    Path dir;

    private final DeviceAddress alice = new DeviceAddress("alice", "phone");
    private final DeviceAddress bob = new DeviceAddress("bob", "laptop");

    private DeviceStore open(DeviceAddress device) {
        return DeviceStore.open(dir.resolve(device.name()), device.userId(), device.deviceId());
    }

    /** Bob uploads keys, alice builds a session from his bundle and encrypts {@code text} for him. */
    private static EncryptedEnvelope firstMessage(DeviceStore aliceStore, DeviceStore bobStore,
            String text) throws Exception {
        UploadedKeys bobKeys = new UploadedKeys("bob", "laptop", new PreKeyGenerator(bobStore).registrationUpload(2));
        new PairwiseCipher(aliceStore).establish(bobKeys.fetch());
        return new PairwiseCipher(aliceStore).encrypt(DeviceAddress.fromName("bob#laptop"), utf8(text));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sessionFromFetchedBundleCarriesMessagesBothWays() throws Exception {
        DeviceStore aliceStore = open(alice);
        DeviceStore bobStore = open(bob);
        UploadedKeys bobKeys = new UploadedKeys("bob", "laptop", new PreKeyGenerator(bobStore).registrationUpload(5));
        PairwiseCipher aliceCipher = new PairwiseCipher(aliceStore);
        PairwiseCipher bobCipher = new PairwiseCipher(bobStore);

        aliceCipher.establish(bobKeys.fetch());
        EncryptedEnvelope first = aliceCipher.encrypt(bob, utf8("hello bob"));
        assertThat(first.type()).isEqualTo(EncryptedEnvelope.PREKEY);
        assertThat(new String(bobCipher.decrypt(alice, first.type(), first.body()), StandardCharsets.UTF_8))
                .isEqualTo("hello bob");

        EncryptedEnvelope reply = bobCipher.encrypt(alice, utf8("hi alice"));
        assertThat(reply.type()).isEqualTo(EncryptedEnvelope.MESSAGE);
        assertThat(aliceCipher.decrypt(bob, reply.type(), reply.body())).isEqualTo(utf8("hi alice"));
        assertThat(aliceCipher.encrypt(bob,
                utf8("again")).type()).as("acknowledged session").isEqualTo(EncryptedEnvelope.MESSAGE);
    }

    @Test
    void oneTimeKyberPrekeyIsDeletedAfterUseAndLastResortKeyStillWorks() throws Exception {
        DeviceStore bobStore = open(bob);
        UploadedKeys bobKeys = new UploadedKeys("bob", "laptop", new PreKeyGenerator(bobStore).registrationUpload(1));
        assertThat(bobStore.prekeys().oneTimePreKeyCounts()).containsExactly(1, 1);

        DeviceStore aliceStore = open(alice);
        new PairwiseCipher(aliceStore).establish(bobKeys.fetch()); // takes the only one-time keys
        EncryptedEnvelope first = new PairwiseCipher(aliceStore).encrypt(bob, utf8("one"));
        new PairwiseCipher(bobStore).decrypt(alice, first.type(), first.body());
        assertThat(bobStore.prekeys().oneTimePreKeyCounts()).containsExactly(0, 0);

        DeviceAddress carol = new DeviceAddress("carol", "tablet");
        DeviceStore carolStore = open(carol);
        var bundle = bobKeys.fetch(); // no one-time key left: no EC prekey, the last-resort Kyber key
        assertThat(bundle.bundle().getPreKey()).isNull();
        new PairwiseCipher(carolStore).establish(bundle);
        EncryptedEnvelope fromCarol = new PairwiseCipher(carolStore).encrypt(bob, utf8("two"));
        assertThat(new PairwiseCipher(bobStore).decrypt(carol, fromCarol.type(),
                fromCarol.body())).isEqualTo(utf8("two"));
    }

    @Test
    void restartedDevicesContinueTheirSessionsFromTheStore() throws Exception {
        DeviceStore bobStore = open(bob);
        UploadedKeys bobKeys = new UploadedKeys("bob", "laptop", new PreKeyGenerator(bobStore).registrationUpload(2));
        new PairwiseCipher(open(alice)).establish(bobKeys.fetch());
        EncryptedEnvelope first = new PairwiseCipher(open(alice)).encrypt(bob, utf8("before restart"));
        new PairwiseCipher(open(bob)).decrypt(alice, first.type(), first.body());

        // new store objects read the same directories, as after a process restart
        EncryptedEnvelope reply = new PairwiseCipher(open(bob)).encrypt(alice, utf8("after restart"));
        assertThat(new PairwiseCipher(open(alice)).decrypt(bob, reply.type(),
                reply.body())).isEqualTo(utf8("after restart"));
        assertThat(open(alice).getIdentityKeyPair().getPublicKey())
                .isEqualTo(open(alice).getIdentityKeyPair().getPublicKey());
    }

    @Test
    void tamperedCiphertextFailsWithAClearError() throws Exception {
        DeviceStore bobStore = open(bob);
        EncryptedEnvelope envelope = firstMessage(open(alice), bobStore, "secret");
        byte[] bytes = B64.decode(envelope.body());
        bytes[bytes.length - 12] ^= 0x01; // in the Kyber ciphertext at the end of the prekey message

        assertThatThrownBy(() -> new PairwiseCipher(bobStore).decrypt(alice, envelope.type(), B64.encode(bytes)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("cannot decrypt a message from alice/phone")
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isEqualTo(DecryptionException.Reason.INVALID_CIPHERTEXT));
    }

    @Test
    void replayedMessageIsReportedAsDuplicate() throws Exception {
        DeviceStore bobStore = open(bob);
        EncryptedEnvelope envelope = firstMessage(open(alice), bobStore, "once");
        new PairwiseCipher(bobStore).decrypt(alice, envelope.type(), envelope.body());

        assertThatThrownBy(() -> new PairwiseCipher(bobStore).decrypt(alice, envelope.type(), envelope.body()))
                .isInstanceOf(DecryptionException.class)
                .satisfies(e -> assertThat(((DecryptionException) e).reason())
                        .isIn(DecryptionException.Reason.DUPLICATE, DecryptionException.Reason.NO_SESSION));
    }

    @Test
    void newIdentityOfAContactIsReportedOnce() throws Exception {
        DeviceStore aliceStore = open(alice);
        java.util.List<DeviceAddress> changed = new java.util.ArrayList<>();
        aliceStore.setIdentityChangeListener(changed::add);
        DeviceStore bobStore = open(bob);
        new PairwiseCipher(aliceStore).establish(
                new UploadedKeys("bob", "laptop", new PreKeyGenerator(bobStore).registrationUpload(1)).fetch());
        assertThat(changed).isEmpty();

        DeviceStore reinstalled = DeviceStore.open(dir.resolve("bob-reinstalled"), "bob", "laptop");
        new PairwiseCipher(aliceStore).establish(
                new UploadedKeys("bob", "laptop", new PreKeyGenerator(reinstalled).registrationUpload(1)).fetch());
        assertThat(changed).containsExactly(bob);
    }
}
