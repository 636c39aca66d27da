package dev.chatline.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Test-only stand-in for API Gateway's {@code @connections} API on loopback: {@code POST
 * /local/@connections/{id}} answers 200 (and records the frame), or the status configured for that id: 410
 * ({@code GoneException}), 429 ({@code LimitExceededException}) or 500.
 */
public final class FakeConnections implements AutoCloseable {
    /** One frame posted to a connection. */
    public record Post(String connectionId, String body) {
    }

    private static final String PREFIX = "/local/@connections/";
    private final HttpServer server;
    private final Map<String, Integer> statusById = new ConcurrentHashMap<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    public FakeConnections() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The endpoint to configure as {@code CHATLINE_CONNECTIONS_ENDPOINT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/local");
    }

    public void answer(String connectionId, int status) {
        statusById.put(connectionId, status);
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    public List<String> framesTo(String connectionId) {
        return posts.stream().filter(p -> p.connectionId().equals(connectionId)).map(Post::body).toList();
    }

    /** The connections closed ({@code DELETE}), in order. */
    public List<String> closed() {
        return List.copyOf(closed);
    }

    public void clear() {
        closed.clear();
        posts.clear();
        statusById.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String id = URLDecoder.decode(ex.getRequestURI().getRawPath().substring(PREFIX.length()),
                StandardCharsets.UTF_8);
        byte[] body = ex.getRequestBody().readAllBytes();
        int status = statusById.getOrDefault(id, 200);
        String errorType = switch (status) {
            case 410 -> "GoneException";
            case 429 -> "LimitExceededException";
            case 200 -> null;
            default -> "InternalServerErrorException";
        };
        if (status == 200 && "DELETE".equals(ex.getRequestMethod())) {
            closed.add(id);
        } else if (status == 200) {
            posts.add(new Post(id, new String(body, StandardCharsets.UTF_8)));
        }
        byte[] out = errorType == null ? new byte[0]
                : ("{\"message\":\"" + errorType + "\"}").getBytes(StandardCharsets.UTF_8);
        if (errorType != null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
