package dev.chatline.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.inbox.InboxStore;
import dev.chatline.protocol.ClientMessage.ReceiptInfo;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.ConnectedMessagingTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a removed member's devices keep (nothing: no pending row comes back on {@code sync}, no receipt info), and
 * that a user's group list comes in bounded pages.
 */
class GroupReadersTest extends ConnectedMessagingTestBase {
    private GroupFixture g;

    @Override
    protected String environmentName() {
        return "group-readers";
    }

    @Override
    protected int sendRatePermits() {
        return 1000;
    }

    @BeforeAll
    void groups() {
        g = new GroupFixture(f);
    }

    @Test
    void aRemovedMembersPendingRowsAreDroppedOnItsNextSyncAndNeverPosted() {
        Identity alice = f.device("alice-r", "phone");
        Identity bob = f.device("bob-r", "phone");
        Identity carol = f.device("carol-r", "phone");
        String groupId = g.create(alice, "Sync", List.of(bob.userId(), carol.userId())).path("groupId").asText();
        for (int i = 0; i < 3; i++) {
            g.sendToGroup(alice, groupId, "m" + i);
        }
        ProtocolJson.encode(g.service.remove(alice, groupId, carol.userId(), null));
        assertThat(pending(carol)).as("rows waiting for a receipt carol can no longer send").hasSize(4);

        f.sync.sync(carol, "conn-carol-r", Optional.empty());
        assertThat(endpoint.framesTo("conn-carol-r")).isEmpty();
        assertThat(pending(carol)).isEmpty();

        f.sync.sync(bob, "conn-bob-r", Optional.empty());
        assertThat(endpoint.framesTo("conn-bob-r")).hasSize(5);
    }

    @Test
    void aRemovedSenderNoLongerSeesItsMessagesReceipts() {
        Identity alice = f.device("alice-i", "phone");
        Identity bob = f.device("bob-i", "phone");
        String groupId = g.create(alice, "Info", List.of(bob.userId())).path("groupId").asText();
        String messageId = g.sendToGroup(bob, groupId, "mine").path("messageId").asText();
        ReceiptInfo frame = new ReceiptInfo("g:" + groupId, messageId);
        assertThat(Json.read(receiptInfo(bob, frame)).path("recipientCount").asInt()).isEqualTo(1);

        ProtocolJson.encode(g.service.remove(alice, groupId, bob.userId(), null));
        assertThat(code(() -> receiptInfo(bob, frame))).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void theGroupListComesInBoundedPagesWithACursor() {
        Identity many = f.device("many-l", "phone");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(g.create(many, "List " + i, List.of()).path("groupId").asText());
        }
        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        List<Boolean> more = new ArrayList<>();
        do {
            JsonNode page = Json.read(ProtocolJson.encode(g.service.list(many, cursor, 3)));
            assertThat(page.path("groups").size()).isLessThanOrEqualTo(3);
            page.path("groups").forEach(e -> listed.add(e.path("groupId").asText()));
            more.add(page.path("more").asBoolean());
            cursor = page.path("more").asBoolean() ? Optional.of(page.path("cursor").asText()) : Optional.empty();
        } while (cursor.isPresent());

        assertThat(listed).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(more).hasSizeGreaterThanOrEqualTo(3).endsWith(false);
        assertThat(code(() -> ProtocolJson.encode(g.service.list(many, Optional.of("bm90LWEtZ3JvdXA6"), 3))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    private List<InboxStore.Entry> pending(Identity device) {
        return f.inbox.page(device.device(), Optional.empty(), 100).entries();
    }

    private static ErrorCode code(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no ProtocolException");
    }

    /** The receiptInfo reply, as the route layer would send it. */
    private String receiptInfo(Identity caller, ReceiptInfo frame) {
        return ProtocolJson.encode(g.receiptInfo.info(caller, frame));
    }
}
