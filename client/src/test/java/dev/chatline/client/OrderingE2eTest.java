package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
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
        try (WsTestClient otherConnection = RUNTIME.connectAs("bob", "phone")) {
            otherConnection.send("{\"action\":\"receipt\",\"requestId\":\"r1\",\"chatId\":\"" + second.chatId()
                    + "\",\"status\":\"delivered\",\"messageIds\":[\"" + second.messageId() + "\"]}");
            otherConnection.awaitContaining("\"requestId\":\"r1\"", TestDevice.TIMEOUT);
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
