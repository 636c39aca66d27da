package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.client.keys.PreKeyGenerator;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.UploadedKeys;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.trust.SafetyNumber;
import dev.chatline.local.testing.LocalRuntimeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Safety numbers, {@code verify}, and the warnings when a verified contact's identity or device set changes. */
class SafetyNumberE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);
    private static int users;

    private static String user(String name) {
        return name + "-sn" + (++users);
    }

    @Test
    void bothUsersSeeTheSameNumberAndVerifyingItSticks() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        alicePhone.client.sendText(bob, "hi");
        bobPhone.awaitText("hi");

        SafetyNumber fromAlice = alicePhone.client.safetyNumber(bob);
        SafetyNumber fromBob = bobPhone.client.safetyNumber(alice);
        assertThat(fromAlice.digits()).hasSize(60).isEqualTo(fromBob.digits());
        assertThat(fromAlice.verified()).isFalse();

        assertThat(alicePhone.client.verify(bob).verified()).isTrue();
        devices.close(alicePhone);
        TestDevice restarted = devices.connect(alice, "phone");
        assertThat(restarted.client.safetyNumber(bob)).isEqualTo(new SafetyNumber(bob, fromAlice.digits(), true, false));
    }

    @Test
    void aVerifiedContactsNewIdentityKeyWarnsLoudlyAndResetsTheVerification() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        TestDevice bobLaptop = devices.connect(bob, "laptop"); // linked through the phone
        alicePhone.client.sendText(bob, "before");
        bobPhone.awaitText("before");
        SafetyNumber verified = alicePhone.client.verify(bob);

        devices.close(bobPhone);
        // the phone is reinstalled: the list names its old identity key, which the new install cannot prove at
        // connect, so the laptop unlinks the old install and links the new one under the same device id
        bobLaptop.client.unlink("phone");
        TestDevice reinstalled = TestDevice.connect(RUNTIME, bobPhone.storeDirectory.resolveSibling("bob-new"), bob,
                "phone"); // an empty store: a new identity key for the same device
        try {
            TestDevices.link(reinstalled, bobLaptop);
            // the unlink deleted the old keys, so the new upload is no identityChanged: alice hears of the new list
            // and meets the new key when she next sends (her old session is refused as stale and rebuilt)
            await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.devicesChanged.contains(bob));
            alicePhone.client.sendText(bob, "after the reinstall");
            await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.safetyNumberChanges.stream()
                    .anyMatch(c -> c.startsWith(bob + " verified new identity key of " + bob + "/phone")));
            SafetyNumber now = alicePhone.client.safetyNumber(bob);
            assertThat(now.digits()).isNotEqualTo(verified.digits());
            assertThat(now.verified()).isFalse();
            assertThat(now.changedSinceVerified()).isTrue();
            assertThat(now.digits()).isEqualTo(reinstalled.client.safetyNumber(alice).digits());

            assertThat(alicePhone.client.verify(bob)).isEqualTo(new SafetyNumber(bob, now.digits(), true, false));
        } finally {
            reinstalled.close();
        }
    }

    @Test
    void aVerifiedContactsChangedDeviceSetWarnsLoudlyAndChangesTheNumber() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        alicePhone.client.sendText(bob, "one device");
        bobPhone.awaitText("one device");
        // alice also knows a device of bob's that bob has since dropped (the server no longer lists it)
        DeviceAddress old = new DeviceAddress(bob, "old");
        DeviceStore oldStore = DeviceStore.open(bobPhone.storeDirectory.resolveSibling("bob-old"), bob, "old");
        var oldBundle = new UploadedKeys(bob, "old", new PreKeyGenerator(oldStore).registrationUpload(1)).fetch();
        DeviceContext ctx = alicePhone.context();
        ctx.locked(() -> {
            ctx.pairwise.establish(oldBundle);
            return null;
        });
        ctx.contacts.addDevice(old);
        SafetyNumber verified = alicePhone.client.verify(bob);

        TestDevice bobLaptop = devices.connect(bob, "laptop");
        alicePhone.client.sendText(bob, "two devices"); // DEVICE_MISMATCH: the old device is extra, the laptop missing
        bobLaptop.awaitText("two devices");

        assertThat(alicePhone.events.safetyNumberChanges).contains(bob + " verified device removed [" + old + "]",
                bob + " unverified new device [" + bobLaptop.address + "]");
        SafetyNumber now = alicePhone.client.safetyNumber(bob);
        assertThat(now.digits()).isNotEqualTo(verified.digits());
        assertThat(now.verified()).isFalse();
        assertThat(now.changedSinceVerified()).isTrue();
        assertThat(now.digits()).isEqualTo(bobLaptop.client.safetyNumber(alice).digits())
                .isEqualTo(bobPhone.client.safetyNumber(alice).digits());
    }
}
