package dev.chatline.local.bench;

import dev.chatline.local.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * API Gateway messages as API Gateway bills them, counted at the benchmark's clients: every message a client sends
 * (each route invocation) and every message it receives (route responses, {@code @connections} posts and the
 * gateway's own error frames), each per started 32 KB unit. Clients send through {@link #send} (in frames of at
 * most 30,000 characters, under the 32 KB frame quota) and receive through {@link #counting}.
 */
final class FrameMeter {
    private static final int FRAME_CHARS = 30_000;

    private final int unitBytes;
    private final LongAdder sentUnits = new LongAdder();
    private final LongAdder receivedUnits = new LongAdder();

    FrameMeter(int unitBytes) {
        this.unitBytes = unitBytes;
    }

    void send(WsTestClient client, String message) {
        sentUnits.add(units(message));
        client.sendInFrames(message, FRAME_CHARS);
    }

    Consumer<String> counting(Consumer<String> tap) {
        return message -> {
            receivedUnits.add(units(message));
            tap.accept(message);
        };
    }

    long sent() {
        return sentUnits.sum();
    }

    long received() {
        return receivedUnits.sum();
    }

    void reset() {
        sentUnits.reset();
        receivedUnits.reset();
    }

    private long units(String message) {
        return BilledRequests.chunks(message.getBytes(StandardCharsets.UTF_8).length, unitBytes);
    }
}
