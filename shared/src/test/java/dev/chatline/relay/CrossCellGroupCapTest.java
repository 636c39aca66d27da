package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.groups.GroupActionRunner;
import dev.chatline.groups.GroupSettings;
import dev.chatline.groups.GroupUserStore;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The per-user group cap across cells (stages {@code tc-a}, {@code tc-b}, cap 2): a user of B is counted in B, for
 * its groups of B and its groups of A alike (a slot reserved in B before A's membership transaction), so the cap
 * holds in total, and a slot whose membership transaction failed is given back. Real SDK clients throughout.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellGroupCapTest {
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity carolPhone = new Identity("carol", "phone");
    private final Identity bobPhone = new Identity("bob", "phone");
    private final Identity erinPhone = new Identity("erin", "phone");
    private final Identity frankPhone = new Identity("frank", "phone");
    private final Identity ginaPhone = new Identity("gina", "phone");
    private final Identity hankPhone = new Identity("hank", "phone");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "tc", Map.of(GroupSettings.MAX_GROUPS_PER_USER, "2"));
        a = cells.a;
        b = cells.b;
        for (Identity d : List.of(alicePhone, carolPhone, ginaPhone)) {
            assertThat(a.connectDevice(d)).isEmpty();
        }
        for (Identity d : List.of(bobPhone, erinPhone, frankPhone, hankPhone)) {
            assertThat(b.connectDevice(d)).isEmpty();
        }
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @Test
    void aUserOfTheOtherCellIsCountedInItsOwnCellAcrossBothCells() {
        b.f().graph.groupService().create(bobPhone, "local", List.of(), "op-b1");
        String g1 = a.f().graph.groupService().create(alicePhone, "one", List.of("bob"), "op-a1").groupId();
        String g2 = a.f().graph.groupService().create(alicePhone, "two", List.of("bob"), "op-a2").groupId();
        GroupActionRunner actionsInB = b.f().graph.groupActions();

        actionsInB.run(bobPhone, new GroupActions.GroupAccept("op-acc1", g1));
        assertThat(count(b, "bob")).contains(2);
        assertThat(count(a, "bob")).isEmpty();
        assertThat(users(b).slotHeld("bob", g1)).isTrue();

        // A alone would count bob once: the cap is B's, where he is in two groups already
        assertThatThrownBy(() -> actionsInB.run(bobPhone, new GroupActions.GroupAccept("op-acc2", g2)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_GROUPS));
        assertThat(members(alicePhone, g2)).containsExactly("alice");
        assertThat(count(b, "bob")).contains(2);

        assertThat(((MembershipFrames.GroupInfo) actionsInB.run(bobPhone, new GroupActions.GroupLeave("op-l1", g1)))
                .left()).isTrue();
        assertThat(count(b, "bob")).contains(1);
        assertThat(users(b).slotHeld("bob", g1)).isFalse();
        actionsInB.run(bobPhone, new GroupActions.GroupAccept("op-acc3", g2));
        assertThat(members(alicePhone, g2)).containsExactlyInAnyOrder("alice", "bob");
        assertThat(count(b, "bob")).contains(2);

        a.f().graph.groupService().remove(alicePhone, g2, "bob", "op-rm");
        assertThat(count(b, "bob")).contains(1);
        assertThat(users(b).slotHeld("bob", g2)).isFalse();
    }

    @Test
    void aSlotWhoseMembershipTransactionFailedIsGivenBack() {
        String g = a.f().graph.groupService().create(carolPhone, "flaky", List.of("erin"), "op-c1").groupId();
        AtomicInteger transactions = new AtomicInteger();
        MessagingFixture faulty = cells.withInterceptors(a, List.of(Interceptors.before(
                TransactWriteItemsRequest.class, r -> {
                    boolean membership = r.transactItems().stream().anyMatch(i -> i.put() != null
                            && i.put().tableName().endsWith("group-members"));
                    if (membership) {
                        transactions.incrementAndGet();
                        throw new IllegalStateException("injected: the membership transaction fails");
                    }
                })));

        assertThatThrownBy(() -> faulty.graph.groupService().accept(erinPhone, g, "op-e1"))
                .hasMessageContaining("injected");
        assertThat(transactions).hasValue(1);
        assertThat(users(b).slotHeld("erin", g)).isFalse();
        assertThat(count(b, "erin").orElse(0)).isZero();

        b.f().graph.groupActions().run(erinPhone, new GroupActions.GroupAccept("op-e2", g));
        assertThat(members(carolPhone, g)).containsExactlyInAnyOrder("carol", "erin");
        assertThat(count(b, "erin")).contains(1);
    }

    @Test
    void groupListInTheUsersCellListsItsGroupsOfBothCellsPageByPage() {
        String own = b.f().graph.groupService().create(frankPhone, "frank's", List.of(), "op-f1").groupId();
        String shared = a.f().graph.groupService().create(carolPhone, "shared", List.of("frank"), "op-c2")
                .groupId();
        b.f().graph.groupActions().run(frankPhone, new GroupActions.GroupAccept("op-f2", shared));

        MembershipFrames.GroupList all = b.f().graph.groupQueries().list(frankPhone, Optional.empty(), 10);
        assertThat(all.groups()).extracting(MembershipFrames.GroupList.Entry::groupId)
                .containsExactlyInAnyOrder(own, shared);
        assertThat(all.groups()).filteredOn(e -> e.groupId().equals(shared)).singleElement()
                .satisfies(e -> assertThat(e.name()).isEqualTo("shared"));
        assertThat(pageByPage(frankPhone)).containsExactlyElementsOf(all.groups().stream()
                .map(MembershipFrames.GroupList.Entry::groupId).toList());

        b.f().graph.groupActions().run(frankPhone, new GroupActions.GroupLeave("op-f3", shared));
        assertThat(b.f().graph.groupQueries().list(frankPhone, Optional.empty(), 10).groups())
                .extracting(MembershipFrames.GroupList.Entry::groupId).containsExactly(own);
    }

    @Test
    void theReconciliationReleasesAnOldSlotWithoutMembershipAndKeepsAMembersSlot() {
        String kept = a.f().graph.groupService().create(ginaPhone, "kept", List.of("hank"), "op-g1").groupId();
        b.f().graph.groupActions().run(hankPhone, new GroupActions.GroupAccept("op-h1", kept));
        String ghost = a.f().graph.groupService().create(ginaPhone, "ghost", List.of("hank"), "op-g2").groupId();
        // a crash after the reservation, before the membership transaction
        assertThat(users(b).reserveSlot("hank", ghost, "ghost", 2)).isTrue();
        assertThat(count(b, "hank")).contains(2);
        GroupSlotReconciliation reconciliation = b.f().graph.cells()
                .groupSlotReconciliation(java.time.Duration.ofHours(1)).orElseThrow();

        assertThat(reconciliation.reconcile("hank")).as("an accept may still be in flight").isZero();
        cells.clock.advance(java.time.Duration.ofHours(2));
        assertThat(reconciliation.reconcile("hank")).isEqualTo(1);
        assertThat(users(b).slotHeld("hank", ghost)).isFalse();
        assertThat(users(b).slotHeld("hank", kept)).isTrue();
        assertThat(count(b, "hank")).contains(1);
    }

    /** The user's group ids in the user's cell, one per page. */
    private List<String> pageByPage(Identity user) {
        List<String> ids = new java.util.ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 10; pages++) {
            MembershipFrames.GroupList page = b.f().graph.groupQueries().list(user, cursor, 1);
            page.groups().forEach(e -> ids.add(e.groupId()));
            if (!page.more()) {
                return ids;
            }
            cursor = Optional.of(page.cursor());
        }
        throw new AssertionError("groupList did not end");
    }

    /** The group's members, as its admin {@code asker} sees them. */
    private List<String> members(Identity asker, String groupId) {
        return a.f().graph.groupService().info(asker, groupId).members().stream()
                .map(MembershipFrames.GroupInfo.Member::userId).toList();
    }

    private GroupUserStore users(TwoCells.Cell cell) {
        return new GroupUserStore(cell.f().ddb, cell.f().batch, cell.env().config, cells.clock);
    }

    private Optional<Integer> count(TwoCells.Cell cell, String userId) {
        return Optional.ofNullable(users(cell).groupCounts(List.of(userId)).get(userId));
    }
}
