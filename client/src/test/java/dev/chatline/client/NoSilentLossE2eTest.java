package dev.chatline.client;

import dev.chatline.auth.DeviceRef;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.KeysFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.signal.libsignal.protocol.state.SessionRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


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
        TestDevice bobLaptop = devices.connect(bob, "laptop"); // linked through the phone
        alicePhone.client.sendText(bob, "before");
        bobPhone.awaitText("before");
        DeviceAddress bobDevice = new DeviceAddress(bob, "phone");
        DeviceContext ctx = alicePhone.context();
        SessionRecord old = ctx.locked(() -> ctx.store.loadSession(bobDevice.signal()));

        devices.close(bobPhone);
        // the phone is reinstalled: the list names its old identity key, which the new install cannot prove at
        // connect, so the laptop unlinks the old install and links the new one under the same device id
        bobLaptop.client.unlink("phone");
        TestDevice reinstalled = TestDevice.connect(RUNTIME, bobPhone.storeDirectory.resolveSibling("bob-new"), bob,
                "phone"); // a new identity and registration id for the same device
        try {
            TestDevices.link(reinstalled, bobLaptop);
            // the unlink deleted the old keys, so the new upload is no identityChanged: alice hears of the new list
            await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.devicesChanged.contains(bob));
            // alice's client missed the announcement (it raced the send, or was lost): it still has the old session
            ctx.locked(() -> {
                ctx.store.storeSession(bobDevice.signal(), old);
                return null;
            });
            int oldRegistration = old.getRemoteRegistrationId();
            int newRegistration = reinstalled.context().store.getLocalRegistrationId();
            assertThat(newRegistration).isNotEqualTo(oldRegistration);

            SentMessage after = alicePhone.client.sendText(bob, "after the reinstall"); // STALE_DEVICES, rebuilt, resent
            reinstalled.awaitText("after the reinstall");
            // (the gap before it, seq 1, was encrypted for the old install: the new one cannot read it, asks again)
            assertThat(reinstalled.events.failures).noneMatch(f -> f.messageId().equals(after.messageId()));
            assertThat(ctx.locked(() -> ctx.store.loadSession(bobDevice.signal()).getRemoteRegistrationId()))
                    .isEqualTo(newRegistration);
        } finally {
            reinstalled.close();
        }
    }

    /** The server's counts of the device's one-time keys ({@code keysCount}: EC and Kyber). */
    private static String keyCounts(TestDevice device) {
        KeysFrames.KeysCount reply = device.client.call(new ClientMessage.KeysCount(), KeysFrames.KeysCount.class);
        return reply.preKeys() + "/" + reply.kyberPreKeys();
    }

    /** The message ids still pending in a device's inbox (what its next {@code sync} would bring). */
    private static java.util.List<String> inbox(TestDevice device) {
        var aws = RUNTIME.awsClients();
        var store = new dev.chatline.inbox.InboxStore(aws.dynamoDb(), new dev.chatline.aws.DynamoBatch(aws.dynamoDb()),
                aws.config(), java.time.Clock.systemUTC());
        return store.page(new DeviceRef(device.address.userId(), device.address.deviceId()), java.util.Optional.empty(), 100)
                .entries().stream().flatMap(e -> e.message().stream()).map(r -> r.chatId() + "/" + r.seq()).toList();
    }

    @Test
    void aMessageTheReceiverCannotDecryptIsAskedForAgainAndArrivesAfterTheSenderRebuildsTheSession() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        alicePhone.client.sendText(bob, "hello");
        bobPhone.awaitText("hello");
        bobPhone.client.sendText(alice, "hi"); // alice's session is confirmed: she now sends plain SignalMessages
        alicePhone.awaitText("hi");

        // bob's device lost its session with alice (a restored backup, a crash while writing): it cannot decrypt
        DeviceContext bobCtx = bobPhone.context();
        bobCtx.locked(() -> {
            bobCtx.pairwise.deleteSession(alicePhone.address);
            return null;
        });
        SentMessage lost = alicePhone.client.sendText(bob, "the one that failed");

        // bob's client sends a retry receipt, alice's re-encrypts over a new session, bob shows the resend
        IncomingMessage resent = bobPhone.awaitText("the one that failed");
        assertThat(resent.content().resendOf()).isEqualTo(lost.messageId());
        assertThat(resent.messageId()).isNotEqualTo(lost.messageId());
        assertThat(bobPhone.events.failures).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo(lost.messageId());
            assertThat(f.error().reason()).isIn(dev.chatline.client.session.DecryptionException.Reason.NO_SESSION,
                    dev.chatline.client.session.DecryptionException.Reason.INVALID_CIPHERTEXT); // no matching session
        });
        // the failed original is acknowledged once its resend was shown: nothing stays in bob's inbox
        await().atMost(TestDevice.TIMEOUT).until(() -> inbox(bobPhone).isEmpty());
        assertThat(bobPhone.events.texts()).containsOnlyOnce("the one that failed");

        // a recipient repeating its retry receipt gets no second answer: alice fetches none of bob's keys again
        String[] settled = {keyCounts(bobPhone)}; // bob's own replenishing settles first
        await().during(java.time.Duration.ofSeconds(2)).atMost(TestDevice.TIMEOUT).until(() -> {
            String now = keyCounts(bobPhone);
            boolean same = now.equals(settled[0]);
            settled[0] = now;
            return same;
        });
        String keysBefore = settled[0];
        for (int i = 0; i < 3; i++) {
            bobPhone.client.receipt(lost.chatId(), java.util.List.of(lost.messageId()), "retry");
        }
        await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> keyCounts(bobPhone).equals(keysBefore));
        assertThat(bobPhone.events.texts()).containsOnlyOnce("the one that failed");
    }

    @Test
    void aNewDeviceOfAGroupMemberThatNobodyToldAboutGetsTheSenderKeyThroughARetry() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        String groupId = alicePhone.client.createGroup("club", java.util.List.of(bob));
        alicePhone.client.sendGroupText(groupId, "first");
        bobPhone.awaitText("first");

        // bob links a laptop; alice's client has not learnt of it (no 1:1 message since): it has no sender key
        TestDevice bobLaptop = devices.connect(bob, "laptop");
        // the server knows the laptop at once (a DEVICE_MISMATCH of carol's, outside the group, reads bob's devices
        // afresh; otherwise the send function's 30 s device cache would keep the laptop out of this fan-out)
        TestDevice carolPhone = devices.connect(user("carol"), "phone");
        carolPhone.client.sendText(bob, "hi bob");
        bobLaptop.awaitText("hi bob");
        alicePhone.client.sendGroupText(groupId, "for every device of bob");
        bobPhone.awaitText("for every device of bob");

        // the laptop holds the message, asks again after its sync; alice's client sends it the key and the message
        IncomingMessage atLaptop = bobLaptop.awaitText("for every device of bob");
        assertThat(atLaptop.groupId()).isEqualTo(groupId);
        assertThat(alicePhone.context().contacts.senderKeySentTo(groupId)).contains(bobLaptop.address.name());
        assertThat(bobPhone.events.texts()).as("bob's phone had it already: the resend is dropped there")
                .containsOnlyOnce("for every device of bob");
    }
}
