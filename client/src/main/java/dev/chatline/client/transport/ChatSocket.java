package dev.chatline.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.store.LocalJson;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket to the server ({@code ?token=} as in docs/protocol.md "Connecting"), with request/reply matching
 * by {@code requestId}. Frames are the protocol module's records both ways: a {@link ClientMessage} is encoded and
 * every received frame decoded into its {@link ServerFrame} through {@link ProtocolJson}, so no field name of the
 * protocol is spelled here. Every received frame is handled on one dispatch thread, in arrival order: replies complete
 * their request's future, other frames go to the push handler. The push handler must never wait for a reply (it
 * runs on the thread that delivers it); it may send. A heartbeat every 5 minutes keeps the connection inside API
 * Gateway's 10-minute idle timeout.
 */
public final class ChatSocket implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChatSocket.class.getName());
    /** API Gateway accepts frames up to 32 KB: longer messages are sent as continuation frames. */
    private static final int FRAGMENT_CHARS = 16 * 1024;
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The code of an API Gateway error frame ({@code Internal server error}, {@code Too Many Requests}...). */
    public static final String GATEWAY_ERROR = "GATEWAY_ERROR";

    private final Map<String, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(r -> daemon(r, "chat-dispatch"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chat-timer"));
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private final Consumer<ServerFrame> pushHandler;
    private WebSocket socket;

    private ChatSocket(Consumer<ServerFrame> pushHandler) {
        this.pushHandler = pushHandler;
    }

    /** Opens the connection; throws when the handshake is refused (401/403 for a bad token). */
    public static ChatSocket connect(URI websocketUrl, String token, Consumer<ServerFrame> pushHandler) {
        return connect(websocketUrl, token, Map.of(), pushHandler);
    }

    /**
     * Opens the connection with more query parameters (e.g. the device's connect proof); throws when the handshake
     * is refused (401/403 for a bad token, 403 for a linked device without a valid proof).
     */
    public static ChatSocket connect(URI websocketUrl, String token, Map<String, String> parameters,
                                     Consumer<ServerFrame> pushHandler) {
        StringBuilder query = new StringBuilder("?token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        parameters.forEach((k, v) -> query.append('&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(websocketUrl + query.toString());
        ChatSocket socket = new ChatSocket(pushHandler);
        socket.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(uri, socket.new Listener()).join();
        socket.timers.scheduleAtFixedRate(socket::heartbeat, 5, 5, TimeUnit.MINUTES);
        return socket;
    }

    /** Sends {@code message} with a fresh requestId; the future fails with {@link ServerErrorException} on an error. */
    public CompletableFuture<ServerFrame> request(ClientMessage message) {
        String requestId = "c" + ids.incrementAndGet();
        CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        reply.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(requestId));
        try {
            send(ProtocolJson.encode(message, requestId));
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** {@link #request} and wait; unwraps the failure ({@link ServerErrorException}, timeout, closed). */
    public ServerFrame call(ClientMessage message) {
        try {
            return request(message).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof TimeoutException) {
                throw new RequestTimeoutException("no reply to '" + message.action() + "' within "
                        + REQUEST_TIMEOUT.toSeconds() + " s");
            }
            throw e;
        }
    }

    /**
     * {@link #call} for a reply of type {@code replyType}; another reply (the server broke the protocol) is an
     * {@link IllegalStateException}.
     */
    public <T extends ServerFrame> T call(ClientMessage message, Class<T> replyType) {
        return expect(message, call(message), replyType);
    }

    /** {@code reply} as the {@code replyType} that answers {@code message}, or an {@link IllegalStateException}. */
    public static <T extends ServerFrame> T expect(ClientMessage message, ServerFrame reply, Class<T> replyType) {
        if (!replyType.isInstance(reply)) {
            throw new IllegalStateException("'" + message.action() + "' was answered with a '" + reply.type()
                    + "' frame (" + reply.getClass().getSimpleName() + "), not " + replyType.getSimpleName());
        }
        return replyType.cast(reply);
    }

    /**
     * Sends {@code message} one way: without a {@code requestId}, so the server sends no reply (e.g.
     * {@code receipt}). A server that replies anyway gets its reply handed to the push handler, which may ignore it.
     */
    public void post(ClientMessage message) {
        send(ProtocolJson.encode(message, null));
    }

    /**
     * Runs {@code task} on the dispatch thread after {@code delay}, in order with the frames (so it may touch what
     * the push handler touches without locks). Dropped once the socket is closed.
     */
    public void runOnDispatch(Duration delay, Runnable task) {
        try {
            timers.schedule(() -> dispatch.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: nothing to run any more
        }
    }

    private void send(String text) {
        synchronized (sendLock) {
            for (int start = 0; start < text.length(); start += FRAGMENT_CHARS) {
                int end = Math.min(text.length(), start + FRAGMENT_CHARS);
                socket.sendText(text.substring(start, end), end == text.length()).join();
            }
        }
    }

    /**
     * One way: API Gateway answers a heartbeat itself (a MOCK route) with an {@code ack} that carries no
     * {@code requestId}, which the push handler ignores like any ack.
     */
    private void heartbeat() {
        post(new ClientMessage.Heartbeat());
    }

    /** Completes when the server or the network closed the connection. */
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
        dispatch.shutdown();
    }

    /** Parses the frame once: the tree tells gateway errors and the request apart, then becomes the record. */
    private void onFrame(String text) {
        JsonNode tree;
        try {
            tree = LocalJson.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.warning("ignoring a frame that is not JSON");
            return;
        }
        if (isGatewayError(tree)) {
            gatewayError(tree.path("message").asText());
            return;
        }
        CompletableFuture<ServerFrame> reply = pending.get(tree.path("requestId").asText(""));
        ServerFrame frame;
        try {
            frame = ProtocolJson.decodeFrame(tree);
        } catch (IllegalArgumentException e) {
            if (reply != null) {
                reply.completeExceptionally(new IllegalStateException("the server's reply is no protocol frame", e));
            } else {
                LOG.log(Level.WARNING, "ignoring a frame that is no protocol frame", e);
            }
            return;
        }
        if (reply != null) {
            if (frame instanceof ServerFrame.Error error) {
                reply.completeExceptionally(new ServerErrorException(error));
            } else {
                reply.complete(frame);
            }
            return;
        }
        try {
            pushHandler.accept(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to handle a '" + frame.type() + "' frame", e);
        }
    }

    /**
     * API Gateway's own error frame ({@code {"message": "Internal server error" | "Forbidden" | ...,
     * "connectionId": ..., "requestId": <its own id>}}): no protocol frame, and it never carries the client's
     * {@code requestId}.
     */
    static boolean isGatewayError(JsonNode frame) {
        return !frame.has("type") && frame.has("message") && frame.has("connectionId");
    }

    /**
     * Fails the one pending request with {@link ServerErrorException} {@value #GATEWAY_ERROR} (the gateway's answer
     * can only be its); with several pending nothing says which one failed, and they are left to their timeout.
     */
    private void gatewayError(String message) {
        if (pending.size() != 1) {
            LOG.warning("API Gateway answered '" + message + "' to one of " + pending.size() + " pending requests");
            return;
        }
        pending.values().forEach(f -> f.completeExceptionally(ServerErrorException.gateway(message)));
    }

    /** No reply within {@link #REQUEST_TIMEOUT}: the request may or may not have been carried out. */
    public static final class RequestTimeoutException extends IllegalStateException {
        public RequestTimeoutException(String message) {
            super(message);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch.execute(() -> onFrame(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection failed", error)));
        }
    }
}
