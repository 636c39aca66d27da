package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.cells.move.UserMove;
import dev.chatline.config.ChatConfig;
import dev.chatline.local.ops.UserMoves;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bob moves from cell b to cell a (the operator's {@link UserMove}, built as {@code scripts/move-user.sh} builds it)
 * while alice, in a, keeps sending to him. Their chat is homed in a (alice's id is the lower) and stays there. Bob's
 * connection to b gets {@code WRONG_CELL} and is closed; b now refuses him with 421; he connects to a and one
 * {@code sync} returns every message alice sent, including those sent while the cells' routers still cached b.
 */
class CellMoveE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withCells("a", "b");
    /** The functions' routers cache a home for 30 s: the move waits that out before deleting b's rows. */
    private static final Duration CACHE_WAIT = Duration.ofSeconds(32);

    @Test
    void bobMovesToCellAWhileAliceSendsAndLosesNothing() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        assertThat(alice).as("the chat is homed in alice's cell").isLessThan(bob);
        List<String> sent = new CopyOnWriteArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice bobOld = ChatDevice.connect(RUNTIME, "b", bob, "phone")) {
            sent.add(alicePhone.send(bob, "YmVmb3Jl").messageId());
            bobOld.awaitMessage(sent.get(0));

            AtomicBoolean moving = new AtomicBoolean(true);
            Future<?> sending = sender.submit(() -> {
                while (moving.get()) {
                    Acks.SendMessageAck ack = alicePhone.send(bob, "ZHVyaW5n");
                    sent.add(ack.messageId());
                    Thread.sleep(1000); // pacing, not waiting: one message a second, like a person typing
                }
                return null;
            });
            UserMove.Outcome outcome = mover().move(bob, "a");
            moving.set(false);
            sending.get();
            sent.add(alicePhone.send(bob, "YWZ0ZXI").messageId());

            assertThat(outcome.from()).isEqualTo("b");
            assertThat(outcome.connectionsClosed()).isEqualTo(1);
            assertThat(bobOld.awaitFrame(f -> Frames.isType(f, "error")).path("code").asText())
                    .isEqualTo("WRONG_CELL");
            assertThat(bobOld.ws.awaitCloseCode(ChatDevice.TIMEOUT)).isPositive();
        } finally {
            sender.shutdownNow();
        }
        assertThat(handshakeStatus("b", bob)).as("b refuses bob now").isEqualTo(421);
        assertThat(sent).hasSizeGreaterThan(5);

        try (ChatDevice bobNew = ChatDevice.connect(RUNTIME, "a", bob, "phone")) {
            Set<String> synced = new HashSet<>(bobNew.sync(null).messageIds());
            assertThat(synced).as("every message alice sent, none lost in the move").containsAll(sent);
        }
    }

    private static UserMove mover() {
        ChatConfig base = ChatConfig.of(Map.of(ChatConfig.REGION, "us-east-1", ChatConfig.AWS_ENDPOINT,
                RUNTIME.awsClients().config().get(ChatConfig.AWS_ENDPOINT).orElseThrow()));
        return UserMoves.userMove(base, RUNTIME.cell("a").stage().replaceAll("-a$", ""), null,
                Map.of("b", RUNTIME.cell("b").connectionsEndpoint()), CACHE_WAIT);
    }

    private static int handshakeStatus(String cell, String user) {
        try {
            RUNTIME.connectAs(cell, user, "phone").close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the handshake was accepted");
    }
}
