package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fuzzer saw: per action and per mutation, the replies by code ({@code ok} for a success); the frames that
 * broke a rule — an {@code INTERNAL_ERROR} (or API Gateway's "Internal server error"), no reply where the protocol
 * promises one, more than one reply, a success for a frame naming another user's resource (or, for a frame that is
 * valid but for that id, another answer than {@code FORBIDDEN} / {@code UNKNOWN_*}), a dropped connection — with the
 * first examples; and the one-way receipts that rightly got no reply.
 */
final class FuzzTally {
    static final String NO_REPLY = "no reply";
    private static final int EXAMPLES = 20;
    private final Map<String, Map<String, Integer>> byAction = new LinkedHashMap<>();
    private final Map<Mutation, Map<String, Integer>> byMutation = new EnumMap<>(Mutation.class);
    private final Map<String, Integer> foreignReplies = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    int frames;
    int internalErrors;
    int unanswered;
    int oneWay;
    int extraReplies;
    int drops;
    int foreignFrames;
    int foreignSuccesses;
    /** Valid frames but for another user's id, refused with another code than FORBIDDEN / UNKNOWN_*. */
    int foreignWrongCode;

    /** One frame and its replies (empty: none; the first is the reply, any other is one too many). */
    void add(FrameMutator.Mutant m, List<JsonNode> replies, boolean mayBeSilent) {
        frames++;
        String outcome = replies.isEmpty() ? NO_REPLY : outcome(replies.get(0));
        byAction.computeIfAbsent(m.action(), a -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        byMutation.computeIfAbsent(m.mutation(), a -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        if (replies.isEmpty()) {
            if (mayBeSilent) {
                oneWay++;
            } else {
                broke(m, "no reply");
                unanswered++;
            }
        }
        if (replies.size() > 1) {
            extraReplies++;
            broke(m, replies.size() + " replies");
        }
        if ("INTERNAL_ERROR".equals(outcome) || outcome.startsWith("gateway: Internal")) {
            internalErrors++;
            broke(m, outcome);
        }
        if (m.foreign()) {
            foreignFrames++;
            foreignReplies.merge(outcome, 1, Integer::sum);
            if ("ok".equals(outcome)) {
                foreignSuccesses++;
                broke(m, "another user's resource accepted: " + replies.get(0));
            } else if (m.mutation() == Mutation.FOREIGN_ID && !outcome.equals("FORBIDDEN")
                    && !outcome.startsWith("UNKNOWN_") && !outcome.equals("RATE_LIMITED")) {
                foreignWrongCode++;
                broke(m, "another user's resource refused with " + outcome);
            }
        }
    }

    void drop(FrameMutator.Mutant m) {
        drops++;
        broke(m, "connection dropped");
    }

    /** {@code ok} for a success, the error code, or API Gateway's own message. */
    static String outcome(JsonNode reply) {
        if (!reply.has("type")) {
            return "gateway: " + reply.path("message").asText();
        }
        return "error".equals(reply.path("type").asText()) ? reply.path("code").asText() : "ok";
    }

    boolean clean() {
        return internalErrors == 0 && unanswered == 0 && extraReplies == 0 && drops == 0 && foreignSuccesses == 0
                && foreignWrongCode == 0;
    }

    Map<String, Map<String, Integer>> byAction() {
        return byAction;
    }

    Map<Mutation, Map<String, Integer>> byMutation() {
        return byMutation;
    }

    private void broke(FrameMutator.Mutant m, String what) {
        if (examples.size() < EXAMPLES) {
            String text = m.text().length() > 300 ? m.text().substring(0, 300) + "…" : m.text();
            examples.add(m.action() + " / " + m.mutation() + ": " + what + " for " + text);
        }
    }

    void print(PrintStream out, double seconds) {
        out.printf("%n| action | frames | replies by code |%n|---|---|---|%n");
        byAction.forEach((action, codes) -> out.printf("| %s | %d | %s |%n", action,
                codes.values().stream().mapToInt(Integer::intValue).sum(), codes));
        out.printf("%n| mutation | frames | replies by code |%n|---|---|---|%n");
        byMutation.forEach((mutation, codes) -> out.printf("| %s | %d | %s |%n", mutation,
                codes.values().stream().mapToInt(Integer::intValue).sum(), codes));
        out.printf("%nFuzz: %d frames in %.0f s (%.0f frames/s); %d INTERNAL_ERROR, %d unanswered, %d with more than"
                        + " one reply, %d dropped connections; %d one-way receipts without reply (allowed);"
                        + " %d frames naming another user's resource: %d accepted, replies %s (%d of the frames"
                        + " valid but for that id answered otherwise than FORBIDDEN / UNKNOWN_*)%n", frames, seconds,
                frames / seconds, internalErrors, unanswered, extraReplies, drops, oneWay, foreignFrames,
                foreignSuccesses, foreignReplies, foreignWrongCode);
        examples.forEach(e -> out.println("  broke: " + e));
    }
}
