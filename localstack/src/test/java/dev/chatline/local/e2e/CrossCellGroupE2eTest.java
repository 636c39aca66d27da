package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.SendMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group spanning two cells on one runtime: alice and carol live in cell a, bob in cell b. Alice creates the group,
 * so it lives in a (its id names a); carol joins at once, bob (whose setting lives in b) is invited through b's relay
 * and accepts from b (forwarded to a). Messages go both ways (bob's sends are forwarded to a), receipts from b reach
 * the home, bob lists the group from b (his slot row there), and bob leaves from b.
 */
class CrossCellGroupE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(LocalRuntimeExtension.defaults()
            .withCells(List.of("a", "b")));

    @Test
    void aGroupOfCellAWithAMemberInCellBCarriesMessagesReceiptsAndALeave() throws Exception {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice carolPhone = ChatDevice.connect(RUNTIME, "a", carol, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "b", bob, "phone")) {
            MembershipFrames.GroupInfo created = alicePhone.call(new GroupActions.GroupCreate("create-1", "trip",
                    List.of(carol, bob)), MembershipFrames.GroupInfo.class);
            String groupId = created.groupId();
            assertThat(groupId).endsWith(".a");
            assertThat(created.invited()).containsExactly(bob);

            JsonNode invite = bobPhone.awaitFrame(f -> Frames.isType(f, "groupInvite"));
            assertThat(invite.path("groupId").asText()).isEqualTo(groupId);
            MembershipFrames.GroupInfo joined = bobPhone.call(new GroupActions.GroupAccept("accept-1", groupId),
                    MembershipFrames.GroupInfo.class);
            assertThat(joined.members()).extracting(MembershipFrames.GroupInfo.Member::userId)
                    .containsExactlyInAnyOrder(alice, carol, bob);
            assertThat(groupIds(bobPhone)).as("b lists the group of a from bob's slot row").containsExactly(groupId);

            Acks.SendMessageAck fromA = alicePhone.call(SendMessage.toGroup(Frames.newClientMsgId(), groupId,
                    "ZnJvbSBh", "text/plain"), Acks.SendMessageAck.class);
            assertThat(bobPhone.awaitMessage(fromA.messageId()).path("chatId").asText()).isEqualTo("g:" + groupId);
            carolPhone.awaitMessage(fromA.messageId());
            bobPhone.receipt("g:" + groupId, "delivered", List.of(fromA.messageId()));
            carolPhone.receipt("g:" + groupId, "delivered", List.of(fromA.messageId()));
            JsonNode delivered = alicePhone.awaitReceipt("delivered");
            assertThat(Frames.texts(delivered.path("messageIds"))).containsExactly(fromA.messageId());

            Acks.SendMessageAck fromB = bobPhone.call(SendMessage.toGroup(Frames.newClientMsgId(), groupId,
                    "ZnJvbSBi", "text/plain"), Acks.SendMessageAck.class);
            assertThat(fromB.seq()).as("one seq counter, the home's").isGreaterThan(fromA.seq());
            assertThat(alicePhone.awaitMessage(fromB.messageId()).path("from").path("userId").asText())
                    .isEqualTo(bob);
            carolPhone.awaitMessage(fromB.messageId());

            MembershipFrames.GroupInfo left = bobPhone.call(new GroupActions.GroupLeave("leave-1", groupId),
                    MembershipFrames.GroupInfo.class);
            assertThat(left.left()).isTrue();
            MembershipFrames.GroupInfo after = alicePhone.call(new GroupActions.GroupInfo(groupId),
                    MembershipFrames.GroupInfo.class);
            assertThat(after.members()).extracting(MembershipFrames.GroupInfo.Member::userId)
                    .containsExactlyInAnyOrder(alice, carol);
            assertThat(groupIds(bobPhone)).isEmpty();
        }
    }

    /** The groups on the first page of the device's user's group list. */
    private static List<String> groupIds(ChatDevice device) throws InterruptedException {
        return device.call(new GroupActions.GroupList(null, null), MembershipFrames.GroupList.class).groups().stream()
                .map(MembershipFrames.GroupList.Entry::groupId).toList();
    }
}
