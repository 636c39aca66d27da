package dev.chatline.local;

import dev.chatline.protocol.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The discovery endpoint (docs/scaling.md, "Cells"; docs/client.md): {@code GET /cells/<cell>} →
 * {@code {"cell":"a","url":"ws://127.0.0.1:<port>/<stage>-a"}}, the WebSocket URL a client of that cell connects to.
 * On AWS a static map behind CloudFront answers it; locally the runtime does, on every cell's port. An unknown cell
 * (and every cell of a single, unnamed deployment) is a 404.
 */
final class CellDiscovery implements Request.Handler {
    static final String PREFIX = "/cells/";

    private final List<CellRuntime> cells;

    CellDiscovery(List<CellRuntime> cells) {
        this.cells = List.copyOf(cells);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String name = request.getHttpURI().getDecodedPath().substring(PREFIX.length());
        if (!HttpMethod.GET.is(request.getMethod())) {
            return reply(response, callback, 405, "{\"message\":\"Method Not Allowed\"}");
        }
        return cells.stream().filter(c -> c.name().filter(name::equals).isPresent()).findFirst()
                .map(c -> reply(response, callback, 200, Json.write(Json.object().put("cell", name)
                        .put("url", c.websocketUrl().toString()))))
                .orElseGet(() -> reply(response, callback, 404, "{\"message\":\"no such cell\"}"));
    }

    private static boolean reply(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
