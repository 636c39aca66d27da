package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.client.keys.KeyRotation;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signed-prekey and last-resort Kyber key rotation against the real server, with the grace period at work. */
class KeyHygieneE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);
    private static int users;

    private static String user(String name) {
        return name + "-kh" + (++users);
    }

    @Test
    void aRotatedSignedPreKeyIsHandedOutAndSessionsFromTheOldBundleStillDecrypt() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        TestDevice carolPhone = devices.connect(carol, "phone");
        bobPhone.context().establishSessions(alice, null); // bob holds a session from the bundle before the rotation
        int before = alicePhone.context().store.updateIdentityState(s -> s.activeSignedPreKeyId);

        alicePhone.client.keyRotation(new KeyRotation.Policy(Duration.ZERO, Duration.ofDays(30)));
        assertThat(alicePhone.client.rotateKeysIfDue()).isTrue();
        int after = alicePhone.context().store.updateIdentityState(s -> s.activeSignedPreKeyId);
        assertThat(after).isGreaterThan(before);

        // the server hands out the new keys
        var bundle = carolPhone.client.call(new ClientMessage.KeysFetch(alice, null), KeysFrames.KeyBundles.class)
                .devices().get(0);
        assertThat(bundle.signedPreKey().keyId()).isEqualTo(after);
        int lastResort = alicePhone.context().store.updateIdentityState(s -> s.activeLastResortKyberId);
        assertThat(alicePhone.context().store.prekeys().lastResortKyberPreKeyIds()).contains(lastResort).hasSize(2);

        // a session set up from the new bundle works, and so does bob's from the old one (grace period)
        carolPhone.client.sendText(alice, "from the new bundle");
        bobPhone.client.sendText(alice, "from the old bundle");
        alicePhone.awaitText("from the new bundle");
        alicePhone.awaitText("from the old bundle");
        assertThat(alicePhone.events.failures).isEmpty();

        // once the grace period is over, the retired private keys are deleted and the active ones kept
        alicePhone.client.keyRotation(new KeyRotation.Policy(Duration.ofDays(7), Duration.ZERO));
        alicePhone.client.rotateKeysIfDue();
        assertThat(alicePhone.context().store.loadSignedPreKeys()).extracting(r -> r.getId()).containsExactly(after);
        assertThat(alicePhone.context().store.prekeys().lastResortKyberPreKeyIds()).containsExactly(lastResort);
        carolPhone.client.sendText(alice, "still fine");
        alicePhone.awaitText("still fine");
    }
}
