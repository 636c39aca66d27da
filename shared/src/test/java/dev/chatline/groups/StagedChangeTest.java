package dev.chatline.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Changes too large for one transaction (here: transactions of {@value #ITEMS} items, so a few users stage) are all
 * or nothing: a crash between any two steps leaves nothing visible, and the retry with the same opId completes
 * exactly one change; an abandoned change is finished or rolled back by the group's next change after its lease.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagedChangeTest {
    private static final int ITEMS = 12;
    private MessagingFixture f;
    private GroupFixture g;
    private GroupFixture faulty;
    private final GroupTransactions faults = new GroupTransactions();
    private Identity alice;
    private Identity bob;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "staged", null, Map.of(
                MessagingSettings.SEND_RATE_PERMITS, "10000",
                GroupSettings.MAX_TRANSACTION_ITEMS, String.valueOf(ITEMS))));
        g = new GroupFixture(f);
        faulty = new GroupFixture(faults.fixture(f));
        alice = f.device("alice", "phone");
        bob = f.device("bob", "phone");
    }

    @AfterAll
    void close() {
        f.close();
    }

    @Test
    void aCreationLargerThanOneTransactionIsCompleteWithOneSystemMessage() {
        List<String> users = users("whole", 10);
        JsonNode info = Json.read(ProtocolJson.encode(g.service.create(alice, "Whole", users, "op-whole")));
        String groupId = info.path("groupId").asText();

        assertThat(info.path("memberCount").asInt()).isEqualTo(11);
        assertThat(info.path("seq").asLong()).isEqualTo(1);
        assertThat(events(groupId)).containsExactly("created");
        assertThat(g.members.roster(groupId).staged()).isEmpty();
        assertThat(g.members.roster(groupId).op()).isEmpty();
        assertThat(g.users.groupCounts(users)).containsOnlyKeys(users).allSatisfy((u, n) -> assertThat(n).isOne());
        assertThat(g.membership.memberSince("g:" + groupId, users.get(9))).hasValue(0);
    }

    @Test
    void aCreationThatDiesBetweenChunksShowsNothingAndItsRetryCreatesExactlyOneGroup() {
        List<String> users = users("crash", 30);
        faults.crashOn(GroupTransactions::staging, 2);
        assertThatThrownBy(() -> ProtocolJson.encode(faulty.service.create(alice, "Crashed", users, "op-crash")))
                .isInstanceOf(GroupTransactions.Crash.class);
        String groupId = g.users.op("alice", "op-crash").orElseThrow().groupId();

        // half staged, and invisible to every read
        assertThat(g.members.roster(groupId).staged()).isNotEmpty();
        assertThat(g.members.members(groupId)).isEmpty();
        assertThat(g.membership.isMember("g:" + groupId, users.get(0))).isFalse();
        assertThat(g.membership.isMember("g:" + groupId, "alice")).isFalse();
        assertThat(g.members.groupsOf(users.get(0))).isEmpty();
        assertThat(code(() -> g.sendToGroup(new Identity(users.get(0), "phone"), groupId, "early")))
                .isEqualTo(ErrorCode.FORBIDDEN);

        JsonNode retried = Json.read(ProtocolJson.encode(g.service.create(alice, "Crashed", users, "op-crash")));
        assertThat(retried.path("groupId").asText()).isEqualTo(groupId);
        assertThat(retried.path("memberCount").asInt()).isEqualTo(31);
        JsonNode again = Json.read(ProtocolJson.encode(g.service.create(alice, "Crashed", users, "op-crash")));
        assertThat(again.path("groupId").asText()).isEqualTo(groupId);
        assertThat(again.path("seq").asLong()).isEqualTo(retried.path("seq").asLong());
        assertThat(g.members.groupsOf("alice").stream().filter(m -> m.groupName().equals("Crashed"))).hasSize(1);
        assertThat(events(groupId)).containsExactly("created");
        assertThat(g.members.roster(groupId).staged()).isEmpty();
        assertThat(g.users.groupCounts(users)).allSatisfy((u, n) -> assertThat(n).isOne());
    }

    @Test
    void anAddThatDiesAfterItsCommitCountsItsMembersAndItsRetryFinishesIt() {
        String groupId = g.create(alice, "After commit", List.of("bob")).path("groupId").asText();
        List<String> users = users("late", 12);
        faults.crashOn(GroupTransactions::publish, 1);
        assertThatThrownBy(() -> ProtocolJson.encode(faulty.service.add(alice, groupId, users, "op-late")))
                .isInstanceOf(GroupTransactions.Crash.class);

        // committed: every read counts the new members from the "added" message on
        long addedAt = g.history(alice, groupId).path("messages").get(0).path("seq").asLong();
        assertThat(g.members.members(groupId)).hasSize(14);
        assertThat(g.membership.memberSince("g:" + groupId, users.get(11))).hasValue(addedAt - 1);
        assertThat(code(() -> ProtocolJson.encode(
                g.service.remove(alice, groupId, "bob", null)))).isEqualTo(ErrorCode.GROUP_BUSY);

        JsonNode info = Json.read(ProtocolJson.encode(g.service.add(alice, groupId, users, "op-late")));
        assertThat(info.path("seq").asLong()).isEqualTo(addedAt);
        assertThat(info.path("memberCount").asInt()).isEqualTo(14);
        assertThat(g.members.roster(groupId).staged()).isEmpty();
        assertThat(g.members.roster(groupId).op()).isEmpty();
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(14);
        assertThat(g.users.groupCounts(users)).allSatisfy((u, n) -> assertThat(n).isOne());
        assertThat(events(groupId)).containsExactly("created", "added");
    }

    @Test
    void anAbandonedChangeIsRolledBackByTheGroupsNextChangeOnceItsLeaseIsOver() {
        String groupId = g.create(alice, "Abandoned", List.of("bob")).path("groupId").asText();
        ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null));
        List<String> users = users("gone", 20);
        faults.crashOn(GroupTransactions::staging, 2);
        assertThatThrownBy(() -> ProtocolJson.encode(faulty.service.add(alice, groupId, users, "op-gone")))
                .isInstanceOf(GroupTransactions.Crash.class);

        ProtocolException busy = exception(() -> ProtocolJson.encode(g.service.remove(bob, groupId, "alice", null)));
        assertThat(busy.code()).isEqualTo(ErrorCode.GROUP_BUSY);
        assertThat(busy.retryAfterMs()).isBetween(1L, 1_000L);
        f.clock.advance(Duration.ofSeconds(61));
        JsonNode info = Json.read(ProtocolJson.encode(g.service.remove(bob, groupId, "alice", null)));

        assertThat(info.path("memberCount").asInt()).isEqualTo(1);
        assertThat(g.members.roster(groupId).staged()).as("staged rows rolled back").isEmpty();
        assertThat(g.members.roster(groupId).op()).isEmpty();
        assertThat(g.users.groupCounts(users)).isEmpty();
        assertThat(g.users.op("alice", "op-gone")).as("its retry starts afresh").isEmpty();
        assertThat(events(groupId, bob)).containsExactly("created", "promoted", "removed");
    }

    @Test
    void anAbandonedCommittedChangeIsFinishedByTheGroupsNextChange() {
        String groupId = g.create(alice, "Finished", List.of("bob")).path("groupId").asText();
        List<String> users = users("kept", 8);
        faults.crashOn(GroupTransactions::publish, 1);
        assertThatThrownBy(() -> ProtocolJson.encode(faulty.service.add(alice, groupId, users, "op-kept")))
                .isInstanceOf(GroupTransactions.Crash.class);
        f.clock.advance(Duration.ofSeconds(61));

        Json.read(ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null)));
        assertThat(g.members.roster(groupId).staged()).isEmpty();
        assertThat(g.members.members(groupId)).hasSize(10);
        assertThat(g.users.groupCounts(users)).allSatisfy((u, n) -> assertThat(n).isOne());
    }

    @Test
    @Tag("slow")
    void twoHundredUsersIntoAHundredMemberGroupAreRefusedWholeBeforeAnyWrite() {
        List<String> first = users("hundred", 99);
        String groupId = g.create(alice, "Hundred", first).path("groupId").asText();
        List<String> more = users("over", 200);

        assertThat(code(() -> ProtocolJson.encode(
                g.service.add(alice, groupId, more, "op-over")))).isEqualTo(ErrorCode.GROUP_FULL);
        assertThat(g.groups.get(groupId).orElseThrow().memberCount()).isEqualTo(100);
        assertThat(g.members.roster(groupId).staged()).isEmpty();
        assertThat(g.members.members(groupId)).hasSize(100);
        assertThat(g.users.groupCounts(more)).isEmpty();
        assertThat(events(groupId)).containsExactly("created");
    }

    @Test
    void anAdminRemovedWhileItsAddIsInFlightAddsNobody() {
        String groupId = g.create(alice, "Race", List.of("bob")).path("groupId").asText();
        ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null));
        String carol = users("racer", 1).get(0);
        faults.before(GroupTransactions.addsMember(carol), () -> ProtocolJson.encode(
                g.service.remove(bob, groupId, "alice", null)));

        assertThat(code(() -> ProtocolJson.encode(faulty.service.add(alice, groupId, List.of(carol), null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(faults.fired()).isTrue();
        assertThat(g.membership.isMember("g:" + groupId, carol)).isFalse();
        assertThat(events(groupId, bob)).containsExactly("created", "promoted", "removed");
    }

    @Test
    void anAdminRemovedBeforeItsLargeAddTakesTheLockAddsNobody() {
        String groupId = g.create(alice, "Race 2", List.of("bob")).path("groupId").asText();
        ProtocolJson.encode(g.service.promote(alice, groupId, "bob", null));
        List<String> users = users("racers", 10);
        faults.before(GroupTransactions::lock, () -> ProtocolJson.encode(
                g.service.remove(bob, groupId, "alice", null)));

        assertThat(code(() -> ProtocolJson.encode(
                faulty.service.add(alice, groupId, users, null)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(faults.fired()).isTrue();
        assertThat(g.members.roster(groupId).op()).isEmpty();
        assertThat(g.members.members(groupId)).extracting(GroupMemberStore.Member::userId).containsExactly("bob");
    }

    private List<String> users(String prefix, int n) {
        List<String> out = IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
        out.forEach(u -> f.device(u, "phone"));
        return out;
    }

    private List<String> events(String groupId) {
        return events(groupId, alice);
    }

    private List<String> events(String groupId, Identity reader) {
        List<String> out = new ArrayList<>();
        g.history(reader, groupId).path("messages").forEach(m -> out.add(0, Json.read(m.path("body").asText())
                .path("event").asText()));
        return out;
    }

    private static ErrorCode code(Runnable call) {
        return exception(call).code();
    }

    private static ProtocolException exception(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("no ProtocolException");
    }
}
