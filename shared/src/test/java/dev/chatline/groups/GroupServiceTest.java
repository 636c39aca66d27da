package dev.chatline.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ClientMessage.ReceiptInfo;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.send.MessageDelivery;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupServiceTest {
    private MessagingFixture f;
    private GroupFixture g;
    private Identity alice;
    private Identity bob;
    private Identity carol;
    private Identity dave;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "groups", null,
                Map.of(MessagingSettings.SEND_RATE_PERMITS, "10000")));
        g = new GroupFixture(f);
        alice = f.device("alice", "phone");
        f.device("alice", "laptop");
        bob = f.device("bob", "phone");
        f.device("bob", "tablet");
        carol = f.device("carol", "phone");
        dave = f.device("dave", "phone");
    }

    @AfterAll
    void close() {
        f.close();
    }

    @BeforeEach
    void emptyQueue() {
        f.env.drainAll(f.env.fanoutQueueUrl);
        pushedDevices();
        takeEvents("alice#phone");
    }

    /** The devices that got a push request since the last call (every device here is offline). */
    private List<String> pushedDevices() {
        return f.env.drainAll(f.env.pushCaptureQueueUrl).stream().map(m -> Json.read(m.body()))
                .map(p -> p.path("userId").asText() + "#" + p.path("deviceId").asText()).toList();
    }

    /** The event frames stored in a device's inbox since the last call (removed). */
    private List<JsonNode> takeEvents(String deviceKey) {
        List<InboxStore.Entry> events = f.inbox.page(DeviceRef.parse(deviceKey), Optional.empty(), 1000).entries().stream()
                .filter(e -> e.frame().isPresent()).toList();
        f.inbox.delete(DeviceRef.parse(deviceKey), events.stream().map(InboxStore.Entry::entryKey).toList());
        return events.stream().map(e -> Json.read(e.frame().orElseThrow())).toList();
    }

    @Test
    void creatorIsAdminAndEveryMemberGetsTheCreatedSystemMessage() {
        JsonNode info = g.create(alice, "Trip", List.of("bob", "carol"));
        String groupId = info.path("groupId").asText();

        assertThat(info.path("type").asText()).isEqualTo("groupInfo");
        assertThat(info.path("chatId").asText()).isEqualTo("g:" + groupId);
        assertThat(info.path("name").asText()).isEqualTo("Trip");
        assertThat(roles(info)).containsExactlyInAnyOrder("alice=admin", "bob=member", "carol=member");
        assertThat(info.path("seq").asLong()).isEqualTo(1);
        StoredMessage created = f.messages.get(new MessageRef("g:" + groupId, 1)).orElseThrow();
        assertThat(created.contentType()).isEqualTo(GroupService.SYSTEM_CONTENT_TYPE);
        assertThat(created.senderUserId()).isEqualTo("alice");
        assertThat(created.recipientCount()).isEqualTo(2);
        assertThat(Json.read(created.body()).path("event").asText()).isEqualTo("created");
        for (String device : List.of("bob#phone", "bob#tablet", "carol#phone", "alice#laptop")) {
            assertThat(inboxKeys(device)).as(device).contains(InboxStore.messageEntryKey(created.ref()));
        }
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(3);
        assertThat(Json.read(ProtocolJson.encode(g.service.list(bob, Optional.empty(), 100))).path("groups")
                .findValuesAsText("groupId")).contains(groupId);
    }

    @Test
    void groupMessageIsStoredOnceAndFannedOutToEveryMembersDevicesButTheSendingOne() {
        String groupId = g.create(alice, "Fan", List.of("bob", "carol")).path("groupId").asText();
        emptyQueue();
        JsonNode ack = g.sendToGroup(alice, groupId, "hi all");

        assertThat(ack.path("chatId").asText()).isEqualTo("g:" + groupId);
        assertThat(ack.path("groupId").asText()).isEqualTo(groupId);
        StoredMessage m = f.messages.get(new MessageRef("g:" + groupId, ack.path("seq").asLong())).orElseThrow();
        assertThat(m.recipientCount()).isEqualTo(2);
        // a small group is delivered by the send itself (every device is offline here: one push each)
        assertThat(f.env.drainAll(f.env.fanoutQueueUrl)).isEmpty();
        assertThat(pushedDevices()).containsExactlyInAnyOrder("bob#phone", "bob#tablet", "carol#phone",
                "alice#laptop");
        for (String device : List.of("bob#phone", "bob#tablet", "carol#phone", "alice#laptop")) {
            assertThat(inboxKeys(device)).as(device).contains(InboxStore.messageEntryKey(m.ref()));
        }
    }

    /** A group of more than {@value MessageDelivery#DIRECT_DELIVERY_MAX_USERS} users goes through the queue. */
    @Test
    void largeGroupMessageIsOneFanoutJobForEveryMembersDevicesButTheSendingOne() {
        List<String> users = IntStream.range(0, MessageDelivery.DIRECT_DELIVERY_MAX_USERS).mapToObj(i -> "big-" + i)
                .toList();
        users.forEach(u -> f.device(u, "phone"));
        String groupId = g.create(alice, "Large", users).path("groupId").asText();
        emptyQueue();
        JsonNode ack = g.sendToGroup(alice, groupId, "hi everyone");

        List<FanoutJob> jobs = f.env.drainAll(f.env.fanoutQueueUrl).stream().map(q -> FanoutJob.fromJson(q.body()))
                .toList();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).chatId()).isEqualTo("g:" + groupId);
        assertThat(jobs.get(0).eventId()).isEqualTo(ack.path("messageId").asText());
        assertThat(jobs.get(0).frame().path("groupId").asText()).isEqualTo(groupId);
        List<String> expected = new java.util.ArrayList<>(users.stream().map(u -> u + "#phone").toList());
        expected.add("alice#laptop");
        assertThat(jobs.get(0).targets()).extracting(t -> t.device().key())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pushedDevices()).as("the queue's consumer pushes, not the send").isEmpty();
    }

    @Test
    void nonMemberCannotSendReadHistoryAcknowledgeOrSeeTheGroup() {
        String groupId = g.create(alice, "Closed", List.of("bob")).path("groupId").asText();
        JsonNode ack = g.sendToGroup(alice, groupId, "secret");

        assertThat(code(() -> g.sendToGroup(carol, groupId, "let me in"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> g.history(carol, groupId))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> g.receipts.apply(carol, new Receipt("g:" + groupId,
                List.of(ack.path("messageId").asText()), "read")))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> ProtocolJson.encode(g.service.info(carol, groupId)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> ProtocolJson.encode(g.service.add(carol, groupId, List.of("dave"), null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void onlyAdminsAddRemoveOrPromote() {
        String groupId = g.create(alice, "Admins", List.of("bob")).path("groupId").asText();

        assertThat(code(() -> ProtocolJson.encode(g.service.add(bob, groupId, List.of("carol"), null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> ProtocolJson.encode(
                g.service.remove(bob, groupId, "alice", null)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> ProtocolJson.encode(
                g.service.promote(bob, groupId, "bob", null)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(code(() -> ProtocolJson.encode(g.service.remove(alice, groupId, "carol", null))))
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER);
        assertThat(code(() -> ProtocolJson.encode(g.service.add(alice, groupId, List.of("nobody"), null))))
                .isEqualTo(ErrorCode.UNKNOWN_RECIPIENT);

        JsonNode promoted = Json.read(ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null)));
        assertThat(roles(promoted)).containsExactlyInAnyOrder("alice=admin", "bob=admin");
        assertThat(g.groups.get(groupId).orElseThrow().adminCount()).isEqualTo(2);
        JsonNode added = Json.read(ProtocolJson.encode(g.service.add(bob, groupId, List.of("carol"), null)));
        assertThat(roles(added)).contains("carol=member");
    }

    @Test
    void memberWhoJoinsLaterSeesAndAcknowledgesOnlyLaterMessages() {
        String groupId = g.create(alice, "Late", List.of("bob")).path("groupId").asText();
        JsonNode before = g.sendToGroup(alice, groupId, "before carol");
        long addedAt = Json.read(ProtocolJson.encode(
                g.service.add(alice, groupId, List.of("carol"), null))).path("seq").asLong();
        JsonNode after = g.sendToGroup(bob, groupId, "after carol");

        assertThat(seqs(g.history(carol, groupId))).containsExactly(after.path("seq").asLong(), addedAt);
        assertThat(code(() -> g.receipts.apply(carol, new Receipt("g:" + groupId,
                List.of(before.path("messageId").asText()), "delivered"))))
                .isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        g.receipts.apply(carol, new Receipt("g:" + groupId, List.of(after.path("messageId").asText()),
                "delivered"));
        assertThat(f.messages.get(new MessageRef("g:" + groupId, before.path("seq").asLong())).orElseThrow()
                .recipientCount()).isEqualTo(1);
    }

    @Test
    void removedMemberStopsReceivingAtOnce() {
        String groupId = g.create(alice, "Bye", List.of("bob", "carol")).path("groupId").asText();
        JsonNode info = Json.read(ProtocolJson.encode(g.service.remove(alice, groupId, "carol", null)));
        assertThat(roles(info)).containsExactlyInAnyOrder("alice=admin", "bob=member");
        emptyQueue();

        JsonNode ack = g.sendToGroup(bob, groupId, "without carol");
        assertThat(pushedDevices()).containsExactlyInAnyOrder("alice#phone", "alice#laptop", "bob#tablet");
        assertThat(inboxKeys("carol#phone")).doesNotContain(
                InboxStore.messageEntryKey(new MessageRef("g:" + groupId, ack.path("seq").asLong())));
        assertThat(g.membership.isMember("g:" + groupId, "carol")).isFalse();
        assertThat(code(() -> g.sendToGroup(carol, groupId, "still here?"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(2);
    }

    @Test
    void lastAdminLeavingPromotesTheLongestStandingMember() {
        String groupId = g.create(alice, "Heir", List.of("bob")).path("groupId").asText();
        ProtocolJson.encode(g.service.add(alice, groupId, List.of("carol"), null));

        JsonNode left = Json.read(ProtocolJson.encode(g.service.leave(alice, groupId, null)));
        assertThat(left.path("left").asBoolean()).isTrue();
        JsonNode info = Json.read(ProtocolJson.encode(g.service.info(bob, groupId)));
        assertThat(roles(info)).containsExactlyInAnyOrder("bob=admin", "carol=member");
        assertThat(g.groups.get(groupId).orElseThrow().adminCount()).isEqualTo(1);
        JsonNode leftEvent = Json.read(g.history(bob, groupId).path("messages").get(0).path("body").asText());
        assertThat(leftEvent.path("event").asText()).isEqualTo("left");
        assertThat(leftEvent.path("promoted").get(0).asText()).isEqualTo("bob");
    }

    @Test
    void membershipChangesAppearInTheGroupsSeqStreamInOrder() {
        String groupId = g.create(alice, "Story", List.of("bob")).path("groupId").asText();
        ProtocolJson.encode(g.service.add(alice, groupId, List.of("carol", "dave"), null));
        ProtocolJson.encode(g.service.remove(alice, groupId, "dave", null));
        ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null));
        ProtocolJson.encode(g.service.leave(carol, groupId, null));

        JsonNode history = g.history(bob, groupId);
        List<String> events = new ArrayList<>();
        history.path("messages").forEach(m -> events.add(0, Json.read(m.path("body").asText()).path("event")
                .asText()));
        assertThat(events).containsExactly("created", "added", "removed", "promoted", "left");
        assertThat(seqs(history)).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    @Tag("slow")
    void theMemberLimitHoldsUnderConcurrentAdds() throws Exception {
        List<String> users = IntStream.range(0, 262).mapToObj(i -> "limit-" + i).toList();
        users.forEach(u -> f.device(u, "phone"));
        String groupId = g.create(alice, "Full", users.subList(0, 250)).path("groupId").asText();
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(251);

        List<String> extra = users.subList(250, 262);
        List<java.util.concurrent.Future<Optional<ErrorCode>>> outcomes = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            for (String u : extra) {
                outcomes.add(pool.submit(() -> {
                    try {
                        ProtocolJson.encode(g.service.add(alice, groupId, List.of(u), null));
                        return Optional.<ErrorCode>empty();
                    } catch (ProtocolException e) {
                        return Optional.of(e.code());
                    }
                }));
            }
            List<Optional<ErrorCode>> results = new ArrayList<>();
            for (var o : outcomes) {
                results.add(o.get());
            }
            assertThat(results.stream().filter(Optional::isEmpty)).hasSize(5);
            assertThat(results.stream().filter(Optional::isPresent).map(Optional::get))
                    .hasSize(7).containsOnly(ErrorCode.GROUP_FULL);
        } finally {
            pool.shutdownNow();
        }
        assertThat(g.members.members(groupId)).hasSize(GroupService.MAX_MEMBERS);
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(GroupService.MAX_MEMBERS);
    }

    @Test
    void groupOfMoreThanOneTransactionIsCreatedWholeWithOneSystemMessage() {
        List<String> users = IntStream.range(0, 200).mapToObj(i -> "chunk-" + i).toList();
        users.forEach(u -> f.device(u, "phone"));
        JsonNode info = g.create(alice, "Big", users);
        String groupId = info.path("groupId").asText();
        assertThat(info.path("memberCount").asInt()).isEqualTo(201);
        assertThat(info.path("seq").asLong()).isEqualTo(1);
        JsonNode created = Json.read(f.messages.get(new MessageRef("g:" + groupId, 1)).orElseThrow().body());
        assertThat(created.path("userIds")).hasSize(200);
        assertThat(g.members.roster(groupId).op()).as("unlocked").isEmpty();
        assertThat(g.members.roster(groupId).staged()).as("every row published").isEmpty();
        assertThat(g.groups.get(groupId).orElseThrow().lock()).isNull();
        assertThat(g.users.groupCounts(users)).hasSize(200).allSatisfy((u, n) -> assertThat(n).isPositive());
        assertThat(code(() -> g.create(alice, "Too big", IntStream.range(0, 256).mapToObj(i -> "chunk-" + i)
                .toList()))).isEqualTo(ErrorCode.GROUP_FULL);
    }

    @Test
    void senderIsNotifiedOnceWhenEveryMemberReadAndSeesEachMembersStatus() {
        String groupId = g.create(alice, "Ticks", List.of("bob", "carol")).path("groupId").asText();
        JsonNode ack = g.sendToGroup(alice, groupId, "read me");
        String id = ack.path("messageId").asText();
        emptyQueue();

        g.receipts.apply(bob, new Receipt("g:" + groupId, List.of(id), "read"));
        JsonNode info = Json.read(receiptInfo(alice, new ReceiptInfo("g:" + groupId, id)));
        assertThat(info.path("recipients").findValuesAsText("status")).containsExactlyInAnyOrder("read", "sent");
        assertThat(takeEvents("alice#phone")).isEmpty();

        g.receipts.apply(carol, new Receipt("g:" + groupId, List.of(id), "delivered"));
        assertThat(takeEvents("alice#phone")).extracting(e -> e.path("status").asText()).containsExactly("delivered");
        g.receipts.apply(carol, new Receipt("g:" + groupId, List.of(id), "read"));
        assertThat(takeEvents("alice#phone")).extracting(e -> e.path("status").asText()).containsExactly("read");
        g.receipts.apply(new Identity("carol", "tablet"), new Receipt("g:" + groupId,
                List.of(id), "read")); // another device of carol's: nothing new
        assertThat(takeEvents("alice#phone")).isEmpty();
        assertThat(f.env.drainAll(f.env.fanoutQueueUrl)).as("events are delivered directly").isEmpty();
        JsonNode counted = Json.read(receiptInfo(alice, new ReceiptInfo("g:" + groupId, id)));
        assertThat(counted.path("deliveredCount").asInt()).isEqualTo(2);
        assertThat(counted.path("readCount").asInt()).isEqualTo(2);
        assertThat(code(() -> receiptInfo(bob, new ReceiptInfo("g:" + groupId, id)))).isEqualTo(ErrorCode.FORBIDDEN);
    }

    private List<String> inboxKeys(String deviceKey) {
        return f.inbox.page(DeviceRef.parse(deviceKey), Optional.empty(), 1000).entries().stream().map(InboxStore.Entry::entryKey)
                .toList();
    }

    private static List<String> roles(JsonNode info) {
        return StreamSupport.stream(info.path("members").spliterator(), false)
                .map(m -> m.path("userId").asText() + "=" + m.path("role").asText()).toList();
    }

    private static List<Long> seqs(JsonNode history) {
        return StreamSupport.stream(history.path("messages").spliterator(), false)
                .map(m -> m.path("seq").asLong()).toList();
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
