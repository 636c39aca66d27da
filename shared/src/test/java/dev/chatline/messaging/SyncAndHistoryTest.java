package dev.chatline.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.history.HistoryService;
import dev.chatline.inbox.SyncService;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.ConnectedMessagingTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class SyncAndHistoryTest extends ConnectedMessagingTestBase {

    @Override
    protected String environmentName() {
        return "sync";
    }

    @Override
    protected int sendRatePermits() {
        return 10000;
    }

    @BeforeEach
    void clearPosts() {
        endpoint.clear();
    }

    private static List<JsonNode> parsed(List<String> frames) {
        return frames.stream().map(Json::read).toList();
    }

    @Test
    void offlineRecipientReceivesMessagesInPerChatSeqOrderOnSyncUntilAcknowledged() {
        Identity alice = f.device("alice1", "phone");
        Identity carol = f.device("carol1", "phone");
        Identity bob = f.device("bob1", "phone");
        List<String> fromAlice = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fromAlice.add(f.sendText(alice, "bob1", "a" + i).get("messageId").asText());
            f.sendText(carol, "bob1", "c" + i);
        }
        SyncService.Result r = f.sync.sync(bob, "conn-bob1", Optional.empty());
        assertThat(r.more()).isFalse();
        List<JsonNode> frames = parsed(endpoint.framesTo("conn-bob1"));
        assertThat(frames).hasSize(6).allMatch(n -> n.get("type").asText().equals("message"));
        List<JsonNode> aliceChat = frames.stream().filter(n -> n.get("chatId").asText().equals("d:alice1:bob1"))
                .toList();
        assertThat(aliceChat).extracting(n -> n.get("messageId").asText()).containsExactlyElementsOf(fromAlice);
        assertThat(aliceChat).extracting(n -> n.get("body").asText()).containsExactly("a0", "a1", "a2");
        assertThat(aliceChat.get(0).get("from").get("userId").asText()).isEqualTo("alice1");
        assertThat(Json.read(ProtocolJson.encode(r.toFrame(), "q")).get("type").asText())
                .isEqualTo("syncComplete");

        f.receiptService.apply(bob, new Receipt("d:alice1:bob1", fromAlice, "delivered"));
        endpoint.clear();
        f.sync.sync(bob, "conn-bob1", Optional.empty());
        assertThat(parsed(endpoint.framesTo("conn-bob1"))).extracting(n -> n.get("body").asText())
                .containsExactly("c0", "c1", "c2");
    }

    @Test
    void syncPagesByHundredAndContinuesFromTheCursor() {
        Identity dan = f.device("dan2", "phone");
        Identity eve = f.device("eve2", "phone");
        for (int i = 0; i < 130; i++) {
            f.sendText(dan, "eve2", "m" + i);
        }
        SyncService.Result first = f.sync.sync(eve, "conn-eve2", Optional.empty());
        assertThat(first.more()).isTrue();
        assertThat(endpoint.framesTo("conn-eve2")).hasSize(100);
        SyncService.Result second = f.sync.sync(eve, "conn-eve2", Optional.of(first.cursor()));
        assertThat(second.more()).isFalse();
        List<JsonNode> all = parsed(endpoint.framesTo("conn-eve2"));
        assertThat(all).hasSize(130);
        assertThat(all).extracting(n -> n.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void storedReceiptEventsAreDeliveredOnceAndOwnCopiesAreNotRedelivered() {
        Identity fay = f.device("fay3", "phone");
        Identity fayLaptop = f.device("fay3", "laptop");
        f.device("gus3", "phone");
        f.sendText(fay, "gus3", "from my phone");
        f.inbox.addEvent(fayLaptop.device(), "evt1", "{\"type\":\"receipt\",\"status\":\"read\"}",
                f.clock.instant().getEpochSecond() + 60);
        f.sync.sync(fayLaptop, "conn-fay3", Optional.empty());
        assertThat(parsed(endpoint.framesTo("conn-fay3"))).extracting(n -> n.get("type").asText())
                .containsExactly("message", "receipt");
        endpoint.clear();
        f.sync.sync(fayLaptop, "conn-fay3", Optional.empty());
        assertThat(endpoint.framesTo("conn-fay3")).isEmpty();
        assertThat(f.inbox.page(fayLaptop.device(), Optional.empty(), 100).entries()).isEmpty();
    }

    @Test
    void forgedCursorIsInvalid() {
        Identity x = f.device("x4", "phone");
        assertThatThrownBy(() -> f.sync.sync(x, "c", Optional.of("bm90LWEta2V5")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void historyIsNewestFirstPagedAndOnlyForMembers() {
        Identity hal = f.device("hal5", "phone");
        Identity ivy = f.device("ivy5", "phone");
        Identity jon = f.device("jon5", "phone");
        for (int i = 1; i <= 5; i++) {
            f.sendText(i % 2 == 0 ? ivy : hal, i % 2 == 0 ? "hal5" : "ivy5", "h" + i);
        }
        JsonNode page1 = Json.read(ProtocolJson.encode(
                f.history.history(hal, "d:hal5:ivy5", OptionalLong.empty(), 3), "r"));
        assertThat(page1.get("requestId").asText()).isEqualTo("r");
        assertThat(page1.get("messages")).extracting(n -> n.get("body").asText()).containsExactly("h5", "h4", "h3");
        assertThat(page1.get("messages").get(0).get("status").asText()).isEqualTo("sent"); // hal's own
        assertThat(page1.get("messages").get(1).has("status")).isFalse(); // ivy's
        long next = page1.get("nextBeforeSeq").asLong();
        JsonNode page2 = Json.read(ProtocolJson.encode(
                f.history.history(ivy, "d:hal5:ivy5", OptionalLong.of(next), 3)));
        assertThat(page2.get("messages")).extracting(n -> n.get("body").asText()).containsExactly("h2", "h1");
        assertThat(page2.has("nextBeforeSeq")).isFalse();
        assertThatThrownBy(() -> ProtocolJson.encode(f.history.history(jon, "d:hal5:ivy5", OptionalLong.empty(), 3)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void historyReplyStaysUnderTheFrameLimit() {
        Identity kim = f.device("kim6", "phone");
        f.device("lea6", "phone");
        for (int i = 0; i < 4; i++) {
            f.sendText(kim, "lea6", String.valueOf(i).repeat(60_000));
        }
        String reply = ProtocolJson.encode(f.history.history(kim, "d:kim6:lea6", OptionalLong.empty(), 100));
        assertThat(reply.length()).isLessThan(HistoryService.MAX_REPLY_BYTES);
        JsonNode n = Json.read(reply);
        assertThat(n.get("messages")).hasSize(1);
        assertThat(n.get("nextBeforeSeq").asLong()).isEqualTo(4);
        String single = ProtocolJson.encode(f.history.history(kim, "d:kim6:lea6", OptionalLong.of(2), 100));
        assertThat(Json.read(single).get("messages")).hasSize(1);
    }
}
