package dev.chatline.local.gateway;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real JDK WebSocket client that collects what the gateway sends. */
final class TestSocket implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Close(int code, String reason) {
    }

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static TestSocket connect(URI uri, String... subprotocols) {
        TestSocket listener = new TestSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        listener.socket = builder.buildAsync(uri, listener).join();
        return listener;
    }

    /** The HTTP status of a refused handshake. */
    static int refusedStatus(URI uri) {
        try {
            connect(uri);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("handshake was accepted: " + uri);
    }

    TestSocket send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    String next() {
        try {
            String message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 10 s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode nextJson() {
        try {
            return TestHandlers.JSON.readTree(next());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The MESSAGE event of an {@code inspect} round trip. */
    JsonNode inspect() {
        send("{\"action\":\"inspect\"}");
        return nextJson();
    }

    String connectionId() {
        return inspect().path("requestContext").path("connectionId").asText();
    }

    Close awaitClose() {
        await().atMost(Duration.ofSeconds(10)).until(closed::isDone);
        return closed.join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }
}
