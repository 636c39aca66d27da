package dev.chatline.local.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/asyncapi.yaml, read as the tests need it: the client actions (the {@code send} operations), the server
 * frames (the {@code receive} operations) and the error codes. Local {@code $ref}s are followed; the document's
 * structure is checked by the AsyncAPI parser ({@link AsyncApiValidationTest}), so this reader only names what it
 * cannot find.
 */
final class AsyncApiDocument {
    static final Path FILE = Path.of("../docs/asyncapi.yaml");

    /** A client action: the {@code send} operation's message. */
    record ClientAction(String action, String operation, JsonNode payload, ObjectNode firstExample,
                        Set<String> replyTypes) {
    }

    /** A server frame: a message of a {@code receive} operation; {@code type} is null for API Gateway's own frames. */
    record ServerFrame(String messageKey, String type, String action, JsonNode payload) {
    }

    private final JsonNode root;

    private AsyncApiDocument(JsonNode root) {
        this.root = root;
    }

    static AsyncApiDocument load() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(100);
            Object yaml = new Yaml(options).load(Files.readString(FILE));
            return new AsyncApiDocument(Json.MAPPER.valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code send} operation's action, by the {@code action} constant of its message's payload. */
    Map<String, ClientAction> clientActions() {
        Map<String, ClientAction> out = new LinkedHashMap<>();
        operations("send").forEach((name, op) -> {
            for (JsonNode ref : op.path("messages")) {
                JsonNode message = resolve(ref);
                JsonNode payload = resolve(message.path("payload"));
                String action = constant(payload, "action").orElseThrow(() -> new AssertionError(
                        "docs/asyncapi.yaml: operations/" + name + ": its message's payload has no "
                                + "'action: {const: ...}' property"));
                JsonNode example = message.path("examples").path(0).path("payload");
                if (!example.isObject()) {
                    throw new AssertionError("docs/asyncapi.yaml: the message of operations/" + name
                            + " has no example with a payload (the first example is the one the tests send)");
                }
                Set<String> replyTypes = new TreeSet<>();
                op.path("reply").path("messages").forEach(r -> constant(resolve(resolve(r).path("payload")), "type")
                        .ifPresent(replyTypes::add));
                out.put(action, new ClientAction(action, name, payload, (ObjectNode) example.deepCopy(),
                        replyTypes));
            }
        });
        return out;
    }

    /** Every message of every {@code receive} operation. */
    List<ServerFrame> serverFrames() {
        List<ServerFrame> out = new ArrayList<>();
        operations("receive").forEach((name, op) -> {
            for (JsonNode ref : op.path("messages")) {
                JsonNode payload = resolve(resolve(ref).path("payload"));
                out.add(new ServerFrame(ref.path("$ref").asText(), constant(payload, "type").orElse(null),
                        constant(payload, "action").orElse(null), payload));
            }
        });
        return out;
    }

    /** The enum of {@code components/schemas/ErrorCode}. */
    Set<String> errorCodes() {
        Set<String> codes = new TreeSet<>();
        root.at("/components/schemas/ErrorCode/enum").forEach(c -> codes.add(c.asText()));
        return codes;
    }

    /**
     * Whether the payload schema demands {@code field} of a frame holding {@code present}: it is in
     * {@code required}, or every alternative of a {@code oneOf}/{@code anyOf} that {@code present} satisfies
     * needs it (e.g. sendMessage's {@code to}/{@code groupId}); {@code allOf} parts are read the same way.
     */
    boolean requires(JsonNode payload, String field, Set<String> present) {
        if (contains(payload.path("required"), field)) {
            return true;
        }
        for (JsonNode part : payload.path("allOf")) {
            if (requires(resolve(part), field, present)) {
                return true;
            }
        }
        for (String keyword : List.of("oneOf", "anyOf")) {
            JsonNode alternatives = payload.path(keyword);
            if (!alternatives.isArray() || alternatives.isEmpty()) {
                continue;
            }
            boolean satisfiedWithout = false;
            for (JsonNode alt : alternatives) {
                boolean all = true;
                for (JsonNode r : alt.path("required")) {
                    all &= !r.asText().equals(field) && present.contains(r.asText());
                }
                satisfiedWithout |= all;
            }
            if (!satisfiedWithout) {
                return true;
            }
        }
        return false;
    }

    private Map<String, JsonNode> operations(String action) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        root.path("operations").fields().forEachRemaining(e -> {
            if (action.equals(e.getValue().path("action").asText())) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** Follows local {@code $ref}s ({@code #/a/b}) until a node without one. */
    JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        for (int hops = 0; n.has("$ref"); hops++) {
            String ref = n.path("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new AssertionError("docs/asyncapi.yaml: cannot follow $ref " + ref);
            }
            n = root.at(ref.substring(1).replace("~1", "/"));
            if (n.isMissingNode()) {
                throw new AssertionError("docs/asyncapi.yaml: $ref " + ref + " points nowhere");
            }
        }
        return n;
    }

    /** The {@code const} of a payload property, also inside {@code allOf} parts. */
    private Optional<String> constant(JsonNode payload, String property) {
        JsonNode c = payload.path("properties").path(property).path("const");
        if (c.isTextual()) {
            return Optional.of(c.asText());
        }
        for (JsonNode part : payload.path("allOf")) {
            Optional<String> inPart = constant(resolve(part), property);
            if (inPart.isPresent()) {
                return inPart;
            }
        }
        return Optional.empty();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode e : array) {
            if (e.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
