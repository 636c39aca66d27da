package dev.chatline.local.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection. It is {@code CONNECTING} while {@code $connect} runs (not postable: API Gateway answers
 * 410 then), {@code OPEN} once the handshake completed, {@code CLOSED} after the socket closed. Its messages are
 * handled one after another, in arrival order, on its own serial executor; {@code $disconnect} is queued after them.
 */
final class Connection {
    enum State { CONNECTING, OPEN, CLOSED }

    private final String id;
    private final Instant connectedAt;
    private final HandshakeRequest handshake;
    private final Executor serial;
    private volatile State state = State.CONNECTING;
    private volatile Map<String, Object> authorizer;
    private volatile Session session;
    private volatile long lastActiveMillis;
    private final int maxFrameChars;
    private CompletableFuture<Void> sendTail = CompletableFuture.completedFuture(null);

    /** @param maxFrameBytes the frame size quota; outgoing frames carry at most a third as many characters */
    Connection(String id, Instant connectedAt, HandshakeRequest handshake, Executor serial, int maxFrameBytes) {
        this.id = id;
        this.maxFrameChars = Math.max(2, maxFrameBytes / 3);
        this.connectedAt = connectedAt;
        this.handshake = handshake;
        this.serial = serial;
        this.lastActiveMillis = connectedAt.toEpochMilli();
    }

    String id() {
        return id;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    HandshakeRequest handshake() {
        return handshake;
    }

    Executor serial() {
        return serial;
    }

    State state() {
        return state;
    }

    Map<String, Object> authorizer() {
        return authorizer;
    }

    void authorize(Map<String, Object> context) {
        this.authorizer = context == null ? null : Map.copyOf(context);
    }

    void open(Session openSession) {
        this.session = openSession;
        this.state = State.OPEN;
        touch();
    }

    void markClosed() {
        this.state = State.CLOSED;
    }

    Instant lastActiveAt() {
        return Instant.ofEpochMilli(lastActiveMillis);
    }

    Duration idleFor() {
        return Duration.ofMillis(System.currentTimeMillis() - lastActiveMillis);
    }

    /** Records traffic in either direction (resets the idle timeout). */
    void touch() {
        lastActiveMillis = System.currentTimeMillis();
    }

    /**
     * Sends one text message, in frames of at most {@code maxFrameChars} characters (API Gateway fragments outgoing
     * messages at its 32 KB frame size); messages are queued so that their frames never interleave. Completes when
     * the last frame is written.
     */
    synchronized CompletableFuture<Void> send(String text) {
        Session current = session;
        if (state != State.OPEN || current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection " + id + " is " + state));
        }
        touch();
        CompletableFuture<Void> sent = sendTail.handle((ok, previousFailure) -> null)
                .thenCompose(ignored -> sendFrames(current, text, 0));
        sendTail = sent;
        return sent.orTimeout(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Void> sendFrames(Session current, String text, int from) {
        int end = Math.min(text.length(), from + maxFrameChars);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        boolean last = end == text.length();
        CompletableFuture<Void> frame = new CompletableFuture<>();
        current.sendPartialText(text.substring(from, end), last,
                Callback.from(() -> frame.complete(null), frame::completeExceptionally));
        int next = end;
        return last ? frame : frame.thenCompose(ignored -> sendFrames(current, text, next));
    }

    void close(int statusCode, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(statusCode, reason, Callback.NOOP);
        }
    }

    ConnectionInfo info() {
        return new ConnectionInfo(id, connectedAt, handshake.sourceIp(), handshake.userAgent(), authorizer);
    }
}
