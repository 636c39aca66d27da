package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.local.testing.LocalRuntimeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.signal.libsignal.protocol.state.SessionRecord;

/** Messages that would be lost without the registration-id check (STALE_DEVICES) are re-encrypted and arrive. */
class NoSilentLossE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);
    private static int users;

    private static String user(String name) {
        return name + "-nl" + (++users);
    }

    @Test
    void aMessageEncryptedForAReplacedRegistrationIsRefusedAndResentToTheNewOne() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        alicePhone.client.sendText(bob, "before");
        bobPhone.awaitText("before");
        DeviceAddress bobDevice = new DeviceAddress(bob, "phone");
        DeviceContext ctx = alicePhone.context();
        SessionRecord old = ctx.locked(() -> ctx.store.loadSession(bobDevice.signal()));

        devices.close(bobPhone);
        TestDevice reinstalled = TestDevice.connect(RUNTIME, bobPhone.storeDirectory.resolveSibling("bob-new"), bob,
                "phone"); // a new identity and registration id for the same device
        try {
            await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.identityChanges.contains(bobDevice));
            // alice's client missed the announcement (it raced the send, or was lost): it still has the old session
            ctx.locked(() -> {
                ctx.store.storeSession(bobDevice.signal(), old);
                return null;
            });
            int oldRegistration = old.getRemoteRegistrationId();
            int newRegistration = reinstalled.context().store.getLocalRegistrationId();
            assertThat(newRegistration).isNotEqualTo(oldRegistration);

            alicePhone.client.sendText(bob, "after the reinstall"); // STALE_DEVICES, then rebuilt and resent
            reinstalled.awaitText("after the reinstall");
            assertThat(reinstalled.events.failures).isEmpty();
            assertThat(ctx.locked(() -> ctx.store.loadSession(bobDevice.signal()).getRemoteRegistrationId()))
                    .isEqualTo(newRegistration);
        } finally {
            reinstalled.close();
        }
    }
}
