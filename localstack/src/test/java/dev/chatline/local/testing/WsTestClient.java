package dev.chatline.local.testing;

import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for end-to-end tests (JDK {@link java.net.http.WebSocket}), connecting the way the app
 * does: {@code ws://…/<stage>?token=<JWT>}. Received text frames are kept in arrival order;
 * {@link #await(Predicate, Duration)} takes the first one that matches, waiting for it if needed. Well-formed frames
 * are built from the protocol module's records ({@link #send(ClientMessage, String)}) and read back as records
 * ({@link #await(Class, Predicate, Duration)}); the text methods stay for what no record can express (malformed
 * frames, raw echoes).
 */
public final class WsTestClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The opening handshake runs the authorizer and {@code $connect}; their first invocations are cold starts
     * (several seconds on a busy machine, as on Lambda), so allow far more than a warm handshake needs.
     */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    private final List<String> frames = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final java.util.function.Consumer<String> tap;
    private final Object sendLock = new Object();
    private volatile String closeReason;
    private WebSocket socket;

    private WsTestClient(java.util.function.Consumer<String> tap) {
        this.tap = tap;
    }

    /** Connects with {@code ?token=}; throws when the handshake is refused (e.g. 401 from the authorizer). */
    public static WsTestClient connect(URI websocketUrl, String token) {
        return connect(websocketUrl, token, null);
    }

    /**
     * Like {@link #connect(URI, String)}, but every received frame goes to {@code tap} (on the client's receive
     * thread) instead of being kept for {@link #await}: for load generators that react to each frame.
     */
    public static WsTestClient connect(URI websocketUrl, String token, java.util.function.Consumer<String> tap) {
        URI uri = token == null ? websocketUrl
                : URI.create(websocketUrl + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        WsTestClient client = new WsTestClient(tap);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT)
                .buildAsync(uri, client.new Listener()).join();
        return client;
    }

    /**
     * Connects the way browsers do: no query parameter, the token as the second entry of the subprotocol list
     * ({@code Sec-WebSocket-Protocol: chatline.v1, <jwt>}).
     */
    public static WsTestClient connectWithSubprotocols(URI websocketUrl, String subprotocol, String... more) {
        WsTestClient client = new WsTestClient(null);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT)
                .subprotocols(subprotocol, more)
                .buildAsync(websocketUrl, client.new Listener()).join();
        return client;
    }

    /** The subprotocol the server selected in the handshake ("" when none). */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /**
     * Sends one text message split into frames of at most {@code frameChars} characters (continuation frames),
     * as a client must for messages above API Gateway's 32 KB frame quota.
     */
    public WsTestClient sendInFrames(String text, int frameChars) {
        synchronized (sendLock) {
            for (int from = 0; from < text.length(); from += frameChars) {
                int end = Math.min(text.length(), from + frameChars);
                socket.sendText(text.substring(from, end), end == text.length())
                        .orTimeout(5, TimeUnit.SECONDS).join();
            }
        }
        return this;
    }

    /** Sends one binary frame. */
    public WsTestClient sendBinary(byte[] data) {
        synchronized (sendLock) {
            socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(5, TimeUnit.SECONDS).join();
        }
        return this;
    }

    /** Sends one text frame (thread-safe: the JDK allows one outstanding send per socket). */
    public WsTestClient send(String text) {
        synchronized (sendLock) {
            socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }
        return this;
    }

    /** Sends a client message, encoded by the protocol's one binding, with {@code requestId} unless null. */
    public WsTestClient send(ClientMessage message, String requestId) {
        return send(ProtocolJson.encode(message, requestId));
    }

    /**
     * Takes the first received frame that decodes to a {@code type} record matching {@code match}, waiting up to
     * {@code timeout}. Frames that are no protocol frame (API Gateway's own errors) never match.
     */
    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> match, Duration timeout)
            throws InterruptedException {
        return type.cast(ProtocolJson.decodeFrame(await(raw -> decodes(raw, type, match), timeout)));
    }

    private static <T extends ServerFrame> boolean decodes(String raw, Class<T> type, Predicate<T> match) {
        ServerFrame frame;
        try {
            frame = ProtocolJson.decodeFrame(raw);
        } catch (IllegalArgumentException notAFrame) {
            return false;
        }
        return type.isInstance(frame) && match.test(type.cast(frame));
    }

    /** Takes the first received frame matching {@code match}, waiting up to {@code timeout}. */
    public synchronized String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<String> it = frames.iterator(); it.hasNext(); ) {
                String frame = it.next();
                if (match.test(frame)) {
                    it.remove();
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + timeout + "; received: " + frames);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Takes the first frame containing {@code text}. */
    public String awaitContaining(String text, Duration timeout) throws InterruptedException {
        return await(f -> f.contains(text), timeout);
    }

    /** Frames received and not yet taken. */
    public synchronized List<String> pending() {
        return List.copyOf(frames);
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int awaitCloseCode(Duration timeout) {
        return closeCode.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return !socket.isOutputClosed() && !closeCode.isDone();
    }

    /** Closes with 1000 Normal closure. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private void received(String frame) {
        if (tap != null) {
            tap.accept(frame);
            return;
        }
        keep(frame);
    }

    private synchronized void keep(String frame) {
        frames.add(frame);
        notifyAll();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
