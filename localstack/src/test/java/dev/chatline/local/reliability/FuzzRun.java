package dev.chatline.local.reliability;

import static org.awaitility.Awaitility.await;

import dev.chatline.local.e2e.Frames;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

/**
 * The fuzz harness of issue 13: builds the {@link FuzzWorld}, snapshots the victims, sends {@code frames} mutated
 * frames ({@link FuzzRunner}), then checks that mallory's connection still works (a real message reaches bob) and
 * that no victim item changed, and prints the summary ({@link FuzzTally}).
 * Run: {@code scripts/reliability.sh fuzz [frames] [seed]}.
 */
public final class FuzzRun {
    private FuzzRun() {
    }

    /** The tally, whether the connection was usable afterwards, and what changed for the victims. */
    public record Result(FuzzTally tally, boolean usableAfterwards, int victimEntries, List<String> victimChanges) {
        public boolean clean() {
            return tally.clean() && usableAfterwards && victimChanges.isEmpty();
        }
    }

    public static Result run(Harness harness, int frames, long seed, PrintStream out) throws Exception {
        try (FuzzWorld world = new FuzzWorld(harness)) {
            VictimSnapshot before = VictimSnapshot.take(harness, world);
            long t0 = System.nanoTime();
            FuzzTally tally = new FuzzRunner(world, seed).run(frames);
            double seconds = (System.nanoTime() - t0) / 1e9;
            harness.awaitQuiet();
            boolean usable = stillDelivers(world);
            harness.awaitQuiet();
            List<String> changes = VictimSnapshot.take(harness, world).changedSince(before);
            out.printf("%n## Fuzz: seed %d, %d frames, %d actions x %d mutations%n", seed, frames,
                    FuzzWorld.ACTIONS.size(), Mutation.values().length);
            tally.print(out, seconds);
            out.printf("afterwards: mallory's connection %s; victims' data (%d table entries) %s%n",
                    usable ? "delivers a real message to bob" : "DOES NOT deliver a message",
                    before.size(), changes.isEmpty() ? "unchanged" : "CHANGED: " + changes);
            return new Result(tally, usable, before.size(), changes);
        }
    }

    /** A real message from mallory reaches bob's connected device. */
    private static boolean stillDelivers(FuzzWorld world) throws InterruptedException {
        String body = "still-here-" + UUID.randomUUID();
        ClientRetry.Outcome sent = ClientRetry.until(world.mallory(),
                () -> Frames.sendMessage(Frames.newClientMsgId(), world.bob.userId, body), ClientRetry.type("ack"),
                "SendMessageHandler");
        if (!sent.ok()) {
            return false;
        }
        String id = sent.reply().path("messageId").asText();
        await().atMost(Harness.TIMEOUT).until(() -> world.bob.copies(id) > 0);
        return true;
    }
}
