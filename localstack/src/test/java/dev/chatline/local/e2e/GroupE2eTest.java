package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.auth.Identity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group chats end to end: 256 real WebSocket clients (one device per member) connected through the local gateway;
 * a message reaches every member, receipts from all of them turn the sender's tick exactly once per status;
 * non-members are refused; the member limit holds under concurrent adds; membership changes arrive in order.
 */
class GroupE2eTest {
    /**
     * The real catalog, with every route allowed API Gateway's full 29 s: the embedded moto answers one request at
     * a time (~15 ms each on a busy 2-core machine), so a send to 256 members (256 device reads) takes seconds here
     * and well under a second on DynamoDB, where the reads run in parallel.
     */
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withFunctions(FunctionCatalog.ALL.stream()
            .map(f -> f.trigger() instanceof Trigger.Route ? new FunctionDef(f.name(), f.handlerClass(), f.artifact(),
                    f.memoryMb(), Duration.ofSeconds(29), f.trigger(), f.access()) : f).toList());
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int MEMBERS = 256;

    private static final List<ChatDevice> devices = new ArrayList<>();
    private static ExecutorService pool;
    private static ChatDevice alice;

    @BeforeAll
    static void connectEveryone() throws Exception {
        pool = Executors.newFixedThreadPool(16);
        List<Future<ChatDevice>> connecting = new ArrayList<>();
        for (int i = 0; i < MEMBERS + 1; i++) {
            String user = "member-" + i;
            connecting.add(pool.submit(() -> ChatDevice.connect(RUNTIME, user, "phone")));
        }
        for (Future<ChatDevice> d : connecting) {
            devices.add(d.get());
        }
        alice = devices.get(0);
    }

    @AfterAll
    static void disconnect() {
        devices.forEach(ChatDevice::close);
        pool.shutdownNow();
    }

    @Test
    void everyOfTwoHundredFiftySixMembersReceivesAMessageAndTheSenderIsToldOncePerStatus() throws Exception {
        List<ChatDevice> members = devices.subList(1, MEMBERS);
        JsonNode info = alice.request(Frames.groupCreate("Everyone", userIds(members)), LONG);
        assertThat(info.path("type").asText()).as("%s", info).isEqualTo("groupInfo");
        assertThat(info.path("memberCount").asInt()).isEqualTo(MEMBERS);
        String groupId = info.path("groupId").asText();
        String chatId = "g:" + groupId;
        try (Backend backend = new Backend(RUNTIME)) {
            backend.awaitFanoutIdle(LONG); // the membership messages are out: the send below has the emulator to itself
        }

        JsonNode ack = alice.request(Frames.sendToGroup(Frames.newClientMsgId(), groupId, "hello everyone"), LONG);
        assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
        String messageId = ack.path("messageId").asText();
        forEach(members, m -> {
            JsonNode msg = m.awaitFrame(f -> Frames.isType(f, "message")
                    && messageId.equals(f.path("messageId").asText()), LONG);
            assertThat(msg.path("groupId").asText()).isEqualTo(groupId);
            assertThat(msg.path("from").path("userId").asText()).isEqualTo(alice.userId);
            m.receipt(chatId, "delivered", List.of(messageId));
        });
        JsonNode delivered = alice.awaitFrame(f -> Frames.isType(f, "receipt")
                && "delivered".equals(f.path("status").asText()), LONG);
        assertThat(Frames.texts(delivered.path("messageIds"))).containsExactly(messageId);
        forEach(members, m -> m.receipt(chatId, "read", List.of(messageId)));
        JsonNode read = alice.awaitFrame(f -> Frames.isType(f, "receipt")
                && "read".equals(f.path("status").asText()), LONG);
        assertThat(read.path("chatId").asText()).isEqualTo(chatId);

        // duplicates change nothing: no second event for either status
        forEach(members.subList(0, 10), m -> m.receipt(chatId, "read", List.of(messageId)));
        try (Backend backend = new Backend(RUNTIME)) {
            backend.awaitFanoutIdle(LONG);
        }
        assertThat(alice.pending("receipt")).noneMatch(f -> Frames.texts(f.path("messageIds")).contains(messageId));
        JsonNode receiptInfo = alice.request(receiptInfo(chatId, messageId));
        assertThat(receiptInfo.path("readCount").asInt()).isEqualTo(MEMBERS - 1);
        assertThat(receiptInfo.path("recipients")).hasSize(MEMBERS - 1);
        assertThat(receiptInfo.path("recipients").findValuesAsText("status")).containsOnly("read");
    }

    @Test
    void nonMemberCannotSendReadHistoryAcknowledgeOrSeeReceipts() throws Exception {
        ChatDevice bob = devices.get(1);
        ChatDevice stranger = devices.get(MEMBERS);
        String groupId = alice.request(Frames.groupCreate("Private", List.of(bob.userId))).path("groupId").asText();
        String chatId = "g:" + groupId;
        String messageId = alice.request(Frames.sendToGroup(Frames.newClientMsgId(), groupId, "members only"))
                .path("messageId").asText();

        assertThat(stranger.errorCode(Frames.sendToGroup(Frames.newClientMsgId(), groupId, "hi")))
                .isEqualTo("FORBIDDEN");
        assertThat(stranger.errorCode(Frames.history(chatId, null, null))).isEqualTo("FORBIDDEN");
        assertThat(stranger.errorCode(Frames.receipt(chatId, "read", List.of(messageId)))).isEqualTo("FORBIDDEN");
        assertThat(stranger.errorCode(Frames.groupChange("groupInfo", groupId, List.of()))).isEqualTo("FORBIDDEN");
        assertThat(bob.errorCode(receiptInfo(chatId, messageId))).isEqualTo("FORBIDDEN");
        assertThat(bob.errorCode(Frames.groupChange("groupAdd", groupId, List.of(stranger.userId))))
                .isEqualTo("FORBIDDEN");
        assertThat(stranger.pending("message")).noneMatch(f -> chatId.equals(f.path("chatId").asText()));
    }

    @Test
    void theTwoHundredFiftySeventhMemberIsRefusedEvenUnderConcurrentAdds() throws Exception {
        List<String> extra = IntStream.range(0, 6).mapToObj(i -> "offline-" + i).toList();
        DeviceAccountStore deviceStore = new DeviceAccountStore(RUNTIME.awsClients().dynamoDb(), RUNTIME.awsClients().config(),
                Clock.systemUTC());
        extra.forEach(u -> deviceStore.register(new Identity(u, "phone")));
        List<String> candidates = new ArrayList<>(userIds(devices.subList(MEMBERS - 4, MEMBERS + 1)));
        candidates.addAll(extra);
        String groupId = alice.request(Frames.groupCreate("Crowded", userIds(devices.subList(1, MEMBERS - 4))),
                LONG).path("groupId").asText();

        // 11 adds of one user each, all in flight at once (sent on alice's socket before any reply)
        List<String> requestIds = new ArrayList<>();
        for (String candidate : candidates) {
            var frame = Frames.groupChange("groupAdd", groupId, List.of(candidate));
            String requestId = "add-" + candidate;
            frame.put("requestId", requestId);
            requestIds.add(requestId);
            alice.ws.send(frame.toString());
        }
        List<String> outcomes = new ArrayList<>();
        for (String requestId : requestIds) {
            JsonNode reply = alice.awaitFrame(f -> requestId.equals(f.path("requestId").asText()), LONG);
            outcomes.add(Frames.isType(reply, "error") ? reply.path("code").asText() : reply.path("type").asText());
        }
        assertThat(outcomes.stream().filter("groupInfo"::equals)).hasSize(4);
        assertThat(outcomes.stream().filter("GROUP_FULL"::equals)).hasSize(candidates.size() - 4);
        JsonNode info = alice.request(Frames.groupChange("groupInfo", groupId, List.of()));
        assertThat(info.path("memberCount").asInt()).isEqualTo(MEMBERS);
        assertThat(info.path("members")).hasSize(MEMBERS);
    }

    @Test
    void membershipChangesReachEveryDeviceInTheGroupsOrder() throws Exception {
        ChatDevice bob = devices.get(1);
        ChatDevice carol = devices.get(2);
        ChatDevice dave = devices.get(3);
        String groupId = alice.request(Frames.groupCreate("Changes", List.of(bob.userId, carol.userId)))
                .path("groupId").asText();
        String chatId = "g:" + groupId;
        assertThat(alice.request(Frames.groupChange("groupAdd", groupId, List.of(dave.userId))).path("type")
                .asText()).isEqualTo("groupInfo");
        alice.request(Frames.groupChange("groupAdmin", groupId, List.of(bob.userId)));
        bob.request(Frames.groupChange("groupRemove", groupId, List.of(dave.userId)));
        alice.request(Frames.groupChange("groupLeave", groupId, List.of()));

        // bob's own change (removing dave) is not posted back to the device that made it
        Map<ChatDevice, List<String>> expectedBy = Map.of(bob, List.of("created", "added", "promoted", "left"),
                carol, List.of("created", "added", "promoted", "removed", "left"));
        for (ChatDevice member : List.of(bob, carol)) {
            List<String> expected = expectedBy.get(member);
            List<Long> seqs = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                JsonNode m = member.awaitFrame(f -> Frames.isType(f, "message")
                        && chatId.equals(f.path("chatId").asText()), LONG);
                assertThat(m.path("contentType").asText()).isEqualTo("chatline/system");
                seqs.add(m.path("seq").asLong());
                events.add(Frames.parse(m.path("body").asText()).path("event").asText());
            }
            assertThat(seqs).as(member.userId).isSorted().doesNotHaveDuplicates();
            assertThat(events).as(member.userId).containsExactlyElementsOf(expected);
        }
        // dave got what happened while he was a member, and nothing from his removal on
        List<String> daveEvents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode m = dave.awaitFrame(f -> Frames.isType(f, "message") && chatId.equals(f.path("chatId").asText()),
                    LONG);
            daveEvents.add(Frames.parse(m.path("body").asText()).path("event").asText());
        }
        assertThat(daveEvents).containsExactly("added", "promoted");
        try (Backend backend = new Backend(RUNTIME)) {
            backend.awaitFanoutIdle(LONG);
        }
        assertThat(dave.pending("message")).noneMatch(f -> chatId.equals(f.path("chatId").asText()));
        JsonNode list = carol.request(Frames.groupList());
        assertThat(list.path("groups").findValuesAsText("groupId")).contains(groupId);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode receiptInfo(String chatId, String messageId) {
        return Frames.receiptInfo(chatId, messageId);
    }

    private static List<String> userIds(List<ChatDevice> ds) {
        return ds.stream().map(d -> d.userId).toList();
    }

    /** What one member does, possibly throwing. */
    private interface MemberStep {
        void run(ChatDevice member) throws Exception;
    }

    /** Runs {@code step} for every member concurrently (bounded) and rethrows the first failure. */
    private static void forEach(List<ChatDevice> members, MemberStep step) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (ChatDevice m : members) {
            running.add(pool.submit(() -> {
                step.run(m);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }
}
