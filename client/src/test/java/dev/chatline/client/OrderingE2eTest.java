package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.client.devices.ConnectProofSigner;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.protocol.ClientMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/protocol.md "Ordering and gaps" against the real local runtime: a message missing from a device's inbox
 * (here: acknowledged by another connection of the device, so {@code sync} skips it) is a gap; the client fills it
 * from {@code history} and shows the chat in seq order; delivered receipts go out one way.
 */
class OrderingE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);

    private TestDevice device(String userId, String deviceId) {
        return devices.connect(userId, deviceId);
    }

    @Test
    void aMessageMissingFromSyncIsFilledFromHistoryAndTheChatIsShownInSeqOrder() throws Exception {
        TestDevice alice = device("alice", "phone");
        TestDevice bob = device("bob", "phone");
        SentMessage first = alice.client.sendText("bob", "one");
        bob.awaitText("one");
        devices.close(bob);

        SentMessage second = alice.client.sendText("bob", "two");
        alice.client.sendText("bob", "three");
        SentMessage fourth = alice.client.sendText("bob", "four");
        assertThat(fourth.seq()).isEqualTo(first.seq() + 3);
        // another connection of bob's phone (with the phone's connect proof: the phone is on bob's signed list)
        var phoneKey = dev.chatline.client.store.DeviceStore.open(bob.storeDirectory, "bob", "phone")
                .getIdentityKeyPair();
        try (ChatSocket otherConnection = ChatSocket.connect(RUNTIME.websocketUrl(), RUNTIME.token("bob", "phone"),
                ConnectProofSigner.parameters(phoneKey, "bob", "phone", System.currentTimeMillis()), frame -> { })) {
            otherConnection.call(new ClientMessage.Receipt(second.chatId(), List.of(second.messageId()), "delivered"));
        }

        TestDevice bobAgain = device("bob", "phone");
        await().atMost(TestDevice.TIMEOUT).until(() -> bobAgain.events.messages.size() == 3);
        assertThat(bobAgain.events.messages).extracting(IncomingMessage::seq)
                .containsExactly(first.seq() + 1, first.seq() + 2, first.seq() + 3);
        assertThat(bobAgain.events.texts()).containsExactly("two", "three", "four");

        // the one-way delivered receipts reached the server: alice sees ✓✓ for everything bob was shown
        await().atMost(TestDevice.TIMEOUT).until(() -> alice.events.receipts.stream()
                .anyMatch(r -> r.status().equals("delivered") && r.messageIds().contains(fourth.messageId())));
        // and bob's inbox is empty: the sync of a new connection (done when connect returns) brings nothing old
        devices.close(bobAgain);
        TestDevice bobThird = device("bob", "phone");
        alice.client.sendText("bob", "five");
        bobThird.awaitText("five");
        assertThat(bobThird.events.texts()).containsExactly("five");
    }
}
