package dev.chatline.cells.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.aws.MessagingClients;
import dev.chatline.cells.DirectoryStore;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.schema.Tables;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Moving users between two cells on one emulator (stages {@code mv-a}, {@code mv-b}, one directory): the user's
 * rows are copied, the directory switched at the next epoch, the old cell's connections closed with
 * {@code WRONG_CELL}, the old rows deleted; messages sent while routers cache the old home are not lost; a re-run
 * of a half-done move finishes it.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserMoveTest {
    private static final String STAGE = "mv";
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private DirectoryStore directory;
    private UserRowsStore rows;
    private ConnectionsClosing closing;

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, STAGE, Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000"));
        a = cells.a;
        b = cells.b;
        directory = new DirectoryStore(a.env().ddb, a.env().config);
        rows = new UserRowsStore(a.env().ddb);
        closing = new ConnectionsClosing(Map.of("a", endpoint(a), "b", endpoint(b)));
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @Test
    void aMovedUsersRowsDirectoryAndConnectionsFollowAndNoMessageIsLost() throws Exception {
        Identity alice = new Identity("alice", "phone");
        Identity bob = new Identity("bob", "phone");
        assertThat(a.connectDevice(alice)).isEmpty();
        assertThat(b.connectDevice(bob)).isEmpty();
        b.f().connect(bob, "bob-conn");
        String first = send(alice, "before the move");
        cells.pumpRelay(b);
        Map<String, List<Map<String, AttributeValue>>> before = rows.rows("bob", "mv-b");
        assertThat(before.get(Tables.DEVICES.logicalName())).hasSize(1);
        assertThat(before.get(Tables.INBOX.logicalName())).hasSize(1);
        assertThat(before.get(Tables.CONTACTS.logicalName())).hasSize(1);

        List<String> sentDuringMove = new ArrayList<>();
        UserMove move = new UserMove(directory, rows, closing, STAGE, cells.clock, waited -> {
            // routers still cache bob's old home: a relays to b, and b delivers there as to a local user
            sentDuringMove.add(send(alice, "while routers cache b"));
            cells.pumpRelay(b);
            // and a job still waiting on b's relay queue when the move ends
            sentDuringMove.add(send(alice, "queued in b"));
        }, Duration.ofSeconds(35));
        UserMove.Outcome outcome = move.move("bob", "a");

        assertThat(outcome.from()).isEqualTo("b");
        assertThat(outcome.connectionsClosed()).isEqualTo(1);
        DirectoryStore.Entry entry = directory.get("bob").orElseThrow();
        assertThat(entry.homeCell()).isEqualTo("a");
        assertThat(entry.epoch()).isEqualTo(1);
        assertThat(entry.movingTo()).isEmpty();
        assertThat(entry.movedFrom()).isEmpty();
        Map<String, List<Map<String, AttributeValue>>> after = rows.rows("bob", "mv-a");
        for (var table : UserRowsStore.COPIED) {
            assertThat(after.get(table.logicalName())).as(table.logicalName())
                    .containsAll(before.get(table.logicalName()));
        }
        assertThat(rows.count("bob", "mv-b")).isZero();
        assertThat(b.endpoint().closed()).containsExactly("bob-conn");
        assertThat(b.endpoint().framesTo("bob-conn")).last().satisfies(f -> assertThat(f).contains("WRONG_CELL"));
        assertThat(b.connectDevice(bob)).contains("a");

        cells.clock.advance(Duration.ofSeconds(31)); // b's router reads bob's home again
        assertThat(cells.pumpRelay(b)).isEqualTo(1); // forwarded to a
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(rows.count("bob", "mv-b")).isZero();
        assertThat(inbox(a.f(), bob)).hasSize(3);
        assertThat(sentDuringMove).hasSize(2).doesNotContain(first);
        assertThat(a.connectDevice(bob)).isEmpty();

        UserMove.Outcome again = move.move("bob", "a");
        assertThat(again.rowsCopied()).isZero();
        assertThat(again.rowsDeleted()).isZero();
        assertThat(directory.get("bob").orElseThrow().epoch()).isEqualTo(1);
    }

    @Test
    void aMoveThatStoppedAfterItsSwitchIsFinishedByARerun() throws Exception {
        Identity carol = new Identity("carol", "phone");
        assertThat(b.connectDevice(carol)).isEmpty();
        UserMove.CellConnections crashing = (cell, user, home) -> {
            throw new IllegalStateException("the operator's machine died");
        };
        UserMove halted = new UserMove(directory, rows, crashing, STAGE, cells.clock, d -> { }, Duration.ZERO);
        assertThatThrownBy(() -> halted.move("carol", "a")).hasMessageContaining("died");
        DirectoryStore.Entry switched = directory.get("carol").orElseThrow();
        assertThat(switched.homeCell()).isEqualTo("a");
        assertThat(switched.movedFrom()).contains("b");
        assertThat(rows.count("carol", "mv-b")).isPositive();

        UserMove.Outcome rerun = mover().move("carol", "a");
        assertThat(rerun.from()).isEqualTo("b");
        assertThat(rerun.rowsDeleted()).isPositive();
        assertThat(rows.count("carol", "mv-b")).isZero();
        assertThat(directory.get("carol").orElseThrow().movedFrom()).isEmpty();
        assertThat(directory.get("carol").orElseThrow().epoch()).isEqualTo(1);
    }

    @Test
    void aMoveMarkedButNotSwitchedIsFinishedByARerunAndAnotherTargetIsRefused() throws Exception {
        Identity dave = new Identity("dave", "phone");
        assertThat(b.connectDevice(dave)).isEmpty();
        assertThat(directory.beginMove("dave", "b", "a", 0)).isTrue();
        assertThat(directory.beginMove("dave", "b", "c", 0)).as("a second move to another cell").isFalse();
        assertThat(directory.finishMove("dave", "b", "a", 7, 0)).as("a stale epoch").isFalse();

        UserMove.Outcome rerun = mover().move("dave", "a");
        assertThat(rerun.rowsCopied()).isPositive();
        assertThat(directory.get("dave").orElseThrow().homeCell()).isEqualTo("a");
        assertThat(a.f().devices.deviceIds("dave")).containsExactly("phone");
        assertThatThrownBy(() -> mover().move("nobody", "a")).isInstanceOf(UserMove.MoveRefused.class);
    }

    @Test
    void aUserWhoseIdHomesADirectChatIsNotMoved() {
        Identity erin = new Identity("erin", "phone");
        Identity frank = new Identity("frank", "phone");
        assertThat(b.connectDevice(erin)).isEmpty();
        assertThat(b.connectDevice(frank)).isEmpty();
        b.f().sendText(erin, "frank", "hi");
        assertThatThrownBy(() -> mover().move("erin", "a")).isInstanceOf(UserMove.MoveRefused.class)
                .hasMessageContaining("direct chat");
        assertThat(directory.get("erin").orElseThrow().homeCell()).isEqualTo("b");
        assertThat(directory.get("erin").orElseThrow().movingTo()).isEmpty();
    }

    private UserMove mover() {
        return new UserMove(directory, rows, closing, STAGE, cells.clock, d -> { }, Duration.ZERO);
    }

    private String send(Identity from, String body) {
        return a.f().sendText(from, "bob", body).get("messageId").asText();
    }

    private static ConnectionsClosing.CellEndpoint endpoint(TwoCells.Cell cell) {
        return new ConnectionsClosing.CellEndpoint(cell.f().connections,
                new ConnectionSender(MessagingClients.connections(cell.env().aws), cell.f().connections));
    }

    private static List<String> inbox(MessagingFixture f, Identity device) {
        return f.inbox.page(new DeviceRef(device.userId(), device.deviceId()), Optional.empty(), 100).entries()
                .stream().map(InboxStore.Entry::entryKey).toList();
    }
}
