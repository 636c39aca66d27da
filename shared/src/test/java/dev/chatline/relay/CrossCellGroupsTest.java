package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.groups.GroupActionRunner;
import dev.chatline.groups.GroupSettings;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.GroupIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A group spanning two cells on one emulator (stages {@code tg-a}, {@code tg-b}, one directory): alice and carol
 * live in A, bob and dave in B; alice creates the group, so it lives in A and its id names A. Users allow adds by
 * contacts only here; users of B are invited whatever their setting (it lives in B) and accept from B. Real SDK
 * clients throughout.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellGroupsTest {
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity carolPhone = new Identity("carol", "phone");
    private final Identity bobPhone = new Identity("bob", "phone");
    private final Identity bobTablet = new Identity("bob", "tablet");
    private final Identity davePhone = new Identity("dave", "phone");
    private MembershipFrames.GroupInfo group;

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "tg", Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000",
                GroupSettings.GROUP_ADD_DEFAULT, "contacts"));
        a = cells.a;
        b = cells.b;
        for (Identity d : List.of(alicePhone, carolPhone)) {
            assertThat(a.connectDevice(d)).isEmpty();
        }
        for (Identity d : List.of(bobPhone, bobTablet, davePhone)) {
            assertThat(b.connectDevice(d)).isEmpty();
        }
        a.f().connect(alicePhone, "alice-conn");
        a.f().connect(carolPhone, "carol-conn");
        b.f().connect(bobPhone, "bob-conn");
        b.f().connect(davePhone, "dave-conn");
        // bob and carol started chats with alice, so she may add them (both chats live in A, which records it)
        b.f().sendText(bobPhone, "alice", "hi alice");
        a.f().sendText(carolPhone, "alice", "hi alice");
        cells.pumpRelay(b);
        group = a.f().graph.groupService().create(alicePhone, "trip", List.of("bob", "carol", "dave"), "op-1");
        // bob's setting lives in B: A invites him, and he accepts from B
        b.f().graph.groupActions().run(bobPhone, new GroupActions.GroupAccept("op-bob", group.groupId()));
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @BeforeEach
    void clearPosts() {
        cells.pumpRelay(b);
        cells.pumpRelay(a);
        a.endpoint().clear();
        b.endpoint().clear();
    }

    @Test
    void aGroupCreatedInACellNamesItsHomeAndInvitesTheOtherCellsUsers() {
        assertThat(GroupIds.homeCell(group.groupId())).contains("a");
        assertThat(group.members()).extracting(MembershipFrames.GroupInfo.Member::userId)
                .containsExactlyInAnyOrder("alice", "carol");
        assertThat(group.invited()).containsExactly("bob", "dave");
        assertThat(a.f().graph.groupService().info(alicePhone, group.groupId()).members())
                .extracting(MembershipFrames.GroupInfo.Member::userId).containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void membersOfTheOtherCellAcceptAskAndLeaveThroughTheGroupsHome() {
        MembershipFrames.GroupInfo party = a.f().graph.groupService().create(alicePhone, "party",
                List.of("bob", "dave"), "op-2");
        assertThat(party.invited()).containsExactly("bob", "dave");
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        // one job for both invitees of B
        assertThat(b.endpoint().framesTo("dave-conn")).map(Json::read).anySatisfy(f -> {
            assertThat(f.path("type").asText()).isEqualTo("groupInvite");
            assertThat(f.path("groupId").asText()).isEqualTo(party.groupId());
        });

        GroupActionRunner actionsInB = b.f().graph.groupActions();
        actionsInB.run(bobPhone, new GroupActions.GroupAccept("op-bob-2", party.groupId()));
        ServerFrame joined = actionsInB.run(davePhone, new GroupActions.GroupAccept("op-d", party.groupId()));
        assertThat(((MembershipFrames.GroupInfo) joined).members()).extracting(MembershipFrames.GroupInfo.Member::userId)
                .containsExactlyInAnyOrder("alice", "bob", "dave");
        ServerFrame info = actionsInB.run(bobPhone, new GroupActions.GroupInfo(party.groupId()));
        assertThat(((MembershipFrames.GroupInfo) info).name()).isEqualTo("party");

        a.endpoint().clear();
        ServerFrame left = actionsInB.run(bobPhone, new GroupActions.GroupLeave("op-b", party.groupId()));
        assertThat(((MembershipFrames.GroupInfo) left).left()).isTrue();
        assertThat(a.f().graph.groupService().info(alicePhone, party.groupId()).members())
                .extracting(MembershipFrames.GroupInfo.Member::userId).containsExactlyInAnyOrder("alice", "dave");
        assertThat(a.endpoint().framesTo("alice-conn")).anySatisfy(f -> assertThat(f).contains("left"));
        assertThatThrownBy(() -> actionsInB.run(bobPhone, new GroupActions.GroupInfo(party.groupId())))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void aMessageInTheHomeReachesTheOtherCellsMembersAsOneRelayJobAndTheirReceiptsComeBack() {
        Acks.SendMessageAck ack = a.f().send.send(alicePhone, toGroup("dinner at 8"));
        MessageRef ref = new MessageRef(group.chatId(), ack.seq());
        String entry = InboxStore.messageEntryKey(ref);
        assertThat(entries(a.f(), carolPhone)).contains(entry);
        assertThat(entries(a.f(), bobPhone)).isEmpty();
        assertThat(a.endpoint().framesTo("carol-conn")).anySatisfy(f -> assertThat(f).contains(ack.messageId()));

        // one job for bob's two devices
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(entries(b.f(), bobPhone)).contains(entry);
        assertThat(entries(b.f(), bobTablet)).contains(entry);
        assertThat(b.endpoint().framesTo("bob-conn")).anySatisfy(f -> assertThat(f).contains(ack.messageId()));
        // B has no member rows of A's group: sync trusts the rows the relay wrote
        b.f().sync.sync(bobTablet, "bob-tablet-sync", Optional.empty());
        assertThat(b.endpoint().framesTo("bob-tablet-sync")).anySatisfy(f -> assertThat(f).contains(ack.messageId()));

        b.f().receiptService.apply(bobPhone, new Receipt(group.chatId(), List.of(ack.messageId()), "read"));
        assertThat(entries(b.f(), bobPhone)).doesNotContain(entry);
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(a.f().receipts.header(ref).orElseThrow().readCount()).isEqualTo(1);
    }

    @Test
    void aMemberOfTheOtherCellSendsThroughTheGroupsHome() {
        Acks.SendMessageAck ack = b.f().send.send(bobPhone, toGroup("on my way"));
        assertThat(ack.chatId()).isEqualTo(group.chatId());
        MessageRef ref = new MessageRef(group.chatId(), ack.seq());
        // stored and delivered by the home
        assertThat(a.f().messages.get(ref)).map(m -> m.senderUserId()).contains("bob");
        assertThat(a.endpoint().framesTo("alice-conn")).anySatisfy(f -> assertThat(f).contains(ack.messageId()));
        assertThat(a.endpoint().framesTo("carol-conn")).anySatisfy(f -> assertThat(f).contains(ack.messageId()));
        // bob's other device through the relay of bob's cell
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(entries(b.f(), bobTablet)).contains(InboxStore.messageEntryKey(ref));
    }

    @Test
    void aNonMemberOfTheOtherCellIsRefusedByTheGroupsHome() {
        assertThatThrownBy(() -> b.f().send.send(davePhone, toGroup("let me in")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(cells.pumpRelay(b)).isZero();
    }

    private SendMessage toGroup(String body) {
        return SendMessage.toGroup(UUID.randomUUID().toString(), group.groupId(), body, null);
    }

    private static List<String> entries(MessagingFixture f, Identity device) {
        return f.inbox.page(new DeviceRef(device.userId(), device.deviceId()), Optional.empty(), 100).entries()
                .stream().map(InboxStore.Entry::entryKey).toList();
    }
}
