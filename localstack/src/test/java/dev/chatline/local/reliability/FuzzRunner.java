package dev.chatline.local.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Sends mutated frames over mallory's connection one at a time and waits for each reply. Frame {@code i} mutates
 * action {@code i mod 22} with mutation {@code (i / 22) mod 16}, so every action meets every mutation evenly; the
 * choices inside a mutation come from one seeded {@link Random}. A frame whose requestId survived is matched by
 * it; any other is followed by a barrier (an unknown action with its own requestId, answered in order on the same
 * connection), and whatever came before the barrier's reply is the frame's reply — none is allowed only for a
 * one-way receipt (a {@code receipt} frame without a valid requestId).
 */
final class FuzzRunner {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final FuzzWorld world;
    private final FrameMutator mutator;
    private final Random random;
    private final FuzzTally tally = new FuzzTally();
    private int barriers;

    FuzzRunner(FuzzWorld world, long seed) {
        this.world = world;
        this.random = new Random(seed);
        this.mutator = new FrameMutator(random, world.foreignIds());
    }

    FuzzTally run(int frames) throws Exception {
        List<String> actions = FuzzWorld.ACTIONS;
        Mutation[] mutations = Mutation.values();
        for (int i = 0; i < frames; i++) {
            String action = actions.get(i % actions.size());
            Mutation mutation = mutations[(i / actions.size()) % mutations.length];
            FrameMutator.Mutant m = mutator.mutate(action, world.seed(action, random), mutation, "f" + i);
            JsonNode parsed = parse(m.text());
            String requestId = echoedRequestId(parsed);
            List<JsonNode> replies = requestId != null ? matched(requestId, m.text()) : beforeBarrier(m.text());
            boolean oneWay = parsed != null && "receipt".equals(parsed.path("action").asText(null))
                    && requestId == null;
            tally.add(m, replies, oneWay);
            if (!world.mallory().isOpen()) {
                tally.drop(m);
                world.reconnectMallory();
            }
            boolean changedScratch = ("groupLeave".equals(action) || "groupRemove".equals(action))
                    && !replies.isEmpty() && "groupInfo".equals(replies.get(0).path("type").asText());
            if (changedScratch) {
                world.rebuildScratchGroup();
            }
        }
        return tally;
    }

    /** Sends a frame with a requestId the server echoes; its reply, and any further reply that came. */
    private List<JsonNode> matched(String requestId, String text) throws InterruptedException {
        List<JsonNode> replies = new ArrayList<>();
        JsonNode reply = world.mallory().requestRaw(requestId, text, REPLY_TIMEOUT);
        if (reply != null) {
            replies.add(reply);
            world.mallory().unmatched().drainTo(replies);
        }
        return replies;
    }

    /** Sends a frame without an echoed requestId, then a barrier; the frames that came before the barrier's reply. */
    private List<JsonNode> beforeBarrier(String text) throws InterruptedException {
        String barrier = "barrier-" + ++barriers;
        Peer mallory = world.mallory();
        mallory.sendRaw(text);
        mallory.sendRaw("{\"action\":\"fuzz.barrier\",\"requestId\":\"" + barrier + "\"}");
        List<JsonNode> replies = new ArrayList<>();
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode next = mallory.unmatched().poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null || barrier.equals(next.path("requestId").asText(null))) {
                return replies;
            }
            replies.add(next);
        }
        return replies;
    }

    /** The frame as the server parses it (strictly), or null when it is not JSON. */
    private static JsonNode parse(String text) {
        try {
            return STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The requestId the server will echo: well-formed text of at most 64 characters in a JSON object. */
    private static String echoedRequestId(JsonNode frame) {
        JsonNode id = frame == null || !frame.isObject() ? null : frame.get("requestId");
        return id != null && id.isTextual() && id.asText().length() <= 64 && ClientFrame.isWellFormed(id.asText())
                ? id.asText() : null;
    }
}
