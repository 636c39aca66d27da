package dev.chatline.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.client.groups.GroupRoster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterBookTest {
    @TempDir
    Path dir;

    private static GroupRoster roster(long version, List<String> members, List<String> admins) {
        return new GroupRoster("g1", version, members, admins, List.of());
    }

    @Test
    void theFirstRosterIsTrustedWhenItsPublisherIsOneOfItsAdmins() {
        RosterBook book = new RosterBook(dir);
        assertThat(book.accept("mallory", roster(1, List.of("alice", "mallory"), List.of("alice")))).isFalse();
        assertThat(book.roster("g1")).isEmpty();
        assertThat(book.accept("alice", roster(1, List.of("alice", "bob"), List.of("alice")))).isTrue();
        assertThat(new RosterBook(dir).roster("g1").orElseThrow().members()).containsExactly("alice", "bob");
    }

    @Test
    void onlyAnAdminOfTheHeldRosterMayReplaceItAndOnlyWithAHigherVersion() {
        RosterBook book = new RosterBook(dir);
        book.accept("alice", roster(2, List.of("alice", "bob"), List.of("alice")));
        // mallory names herself admin: she is not one in the roster held
        assertThat(book.accept("mallory", roster(9, List.of("alice", "bob", "mallory"), List.of("mallory")))).isFalse();
        assertThat(book.accept("alice", roster(1, List.of("alice"), List.of("alice")))).as("older: ignored").isTrue();
        assertThat(book.roster("g1").orElseThrow().version()).isEqualTo(2);
        assertThat(book.accept("alice", roster(3, List.of("alice", "bob", "carol"), List.of("alice", "bob")))).isTrue();
        assertThat(book.accept("bob", roster(4, List.of("alice", "bob"), List.of("alice", "bob")))).isTrue();
        GroupRoster held = book.roster("g1").orElseThrow();
        assertThat(held.vouchesFor("carol")).isFalse();
        assertThat(held.vouchesFor("bob")).isTrue();
    }

    @Test
    void invitedUsersAreVouchedForAndTheRosterRoundTrips() {
        GroupRoster r = new GroupRoster("g1", 5, List.of("bob", "alice"), List.of("alice"), List.of("erin"));
        GroupRoster back = GroupRoster.fromBytes(r.toBytes());
        assertThat(back).isEqualTo(r);
        assertThat(back.members()).containsExactly("alice", "bob");
        assertThat(back.vouchesFor("erin")).isTrue();
        assertThat(back.vouchesFor("mallory")).isFalse();
    }
}
