package dev.chatline.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.ConnectedMessagingTestBase;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The services count the business metrics of docs/operations.md ("Metrics and logs") through the port. */
class BusinessMetricsTest extends ConnectedMessagingTestBase {

    @Override
    protected String environmentName() {
        return "metrics";
    }

    @Override
    protected int sendRatePermits() {
        return 3;
    }

    @BeforeEach
    void reset() {
        endpoint.clear();
        drainFanoutQueue();
        f.metrics.clear();
    }

    @Test
    void aNewMessageCountsAsSentAndItsRetryAsDuplicate() {
        Identity alice = f.device("alice", "phone");
        f.device("bob", "phone");
        SendMessage hi = MessagingFixture.text("bob", "hi");

        ProtocolJson.encode(f.send.send(alice, hi));
        ProtocolJson.encode(f.send.send(alice, hi));

        assertThat(f.metrics.get(Metrics.MESSAGES_SENT)).isEqualTo(1);
        assertThat(f.metrics.get(Metrics.DUPLICATE_SENDS)).isEqualTo(1);
    }

    @Test
    void refusedSendsCountAsRateLimited() {
        Identity chatty = f.device("chatty", "phone");
        f.device("quiet", "phone");
        for (int i = 0; i < 3; i++) {
            f.sendText(chatty, "quiet", "m" + i);
        }

        assertThatThrownBy(() -> f.sendText(chatty, "quiet", "one too many"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(f.metrics.get(Metrics.RATE_LIMITED)).isEqualTo(1);
        assertThat(f.metrics.get(Metrics.MESSAGES_SENT)).isEqualTo(3);
    }

    @Test
    void fanoutCountsPostsGoneConnectionsAndPushRequests() {
        Identity carol = f.device("carol", "phone");
        Identity dan = f.device("dan", "phone");
        Identity danTablet = f.device("dan", "tablet");
        f.device("dan", "laptop");
        f.connect(dan, "c-dan-phone");
        f.connect(danTablet, "c-dan-tablet");
        endpoint.answer("c-dan-tablet", 410);

        f.sendText(carol, "dan", "hi"); // delivered by the send itself

        assertThat(f.metrics.get(Metrics.FANOUT_POSTS)).isEqualTo(1);
        assertThat(f.metrics.get(Metrics.FANOUT_GONE)).isEqualTo(1);
        assertThat(f.metrics.get(Metrics.PUSH_REQUESTS_PUBLISHED)).isEqualTo(2); // tablet (gone) and laptop
    }

    @Test
    void syncCountsDeliveredMessagesAndReceiptsCountAppliedAndEmitted() {
        Identity erin = f.device("erin", "phone");
        Identity fay = f.device("fay", "phone");
        String first = f.sendText(erin, "fay", "one").get("messageId").asText();
        String second = f.sendText(erin, "fay", "two").get("messageId").asText();
        f.connect(fay, "c-fay");

        f.sync.sync(fay, "c-fay", Optional.empty());
        f.receiptService.apply(fay, new Receipt("d:erin:fay", List.of(first, second),
                "delivered"));

        assertThat(f.metrics.get(Metrics.SYNC_MESSAGES_DELIVERED)).isEqualTo(2);
        assertThat(f.metrics.get(Metrics.RECEIPTS_APPLIED)).isEqualTo(2);
        assertThat(f.metrics.get(Metrics.RECEIPT_EVENTS_EMITTED)).isEqualTo(1); // one event for both messages
    }

    private void drainFanoutQueue() {
        while (!f.env.drain(f.env.fanoutQueueUrl).isEmpty()) {
            // drained
        }
    }
}
