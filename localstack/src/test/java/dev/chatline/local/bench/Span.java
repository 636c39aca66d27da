package dev.chatline.local.bench;

/**
 * One timed step: an AWS SDK call ({@code "DynamoDb Query"}) or a Lambda invocation ({@code "λ sendMessage"}), with
 * {@link System#nanoTime()} bounds and the thread it ran on.
 *
 * @param emulator whether the time was spent waiting for the AWS emulator (every SDK call but the local gateway's
 *                 {@code @connections} API)
 */
record Span(String name, long start, long end, String thread, boolean emulator) {

    boolean overlaps(long from, long to) {
        return start < to && end > from;
    }

    Span clip(long from, long to) {
        return new Span(name, Math.max(start, from), Math.min(end, to), thread, emulator);
    }

    long nanos() {
        return end - start;
    }
}
