package dev.chatline.local.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The protocol as the code has it today, before the typed protocol records: routes from {@link FunctionCatalog} and
 * {@link MockRoutes} (what CDK deploys and the local runtime hosts), codes from {@link ErrorCode}, and frame types
 * from the sources of shared and functions, where every server frame is built as a Jackson {@code ObjectNode}:
 * <ul>
 *   <li>{@code .put("type", "x")} renders type {@code x};</li>
 *   <li>{@code .put("type", X_TYPE)} renders the value of the constant {@code String X_TYPE = "x"} of that file;</li>
 *   <li>{@code .put("type", t)} inside a method taking {@code String t} (a frame helper such as
 *       {@code KeyFrames.counts(type, ...)}) renders every string literal passed first to that method
 *       ({@code counts("keysCount", ...)});</li>
 *   <li>{@code .put("action", "x")} in a file that renders {@code ack} names an ack's action;</li>
 *   <li>{@code frame.string("x")}, {@code optId("x")}, {@code has("x")}... in a file using {@code ClientFrame} read
 *       client field {@code x}.</li>
 * </ul>
 * Mock routes' reply templates are parsed for their {@code type} and {@code action}. A frame built any other way
 * escapes this scan: build frames through these shapes (or the records, once they exist).
 */
final class CodeInventory implements ProtocolInventory {
    static final List<Path> SOURCES = List.of(Path.of("../shared/src/main/java"), Path.of("../functions/src/main/java"));
    private static final Pattern TYPE_LITERAL = Pattern.compile("\\.put\\(\"type\",\\s*\"(\\w+)\"\\)");
    private static final Pattern TYPE_CONSTANT = Pattern.compile("\\.put\\(\"type\",\\s*([A-Z][A-Z0-9_]*)\\)");
    private static final Pattern TYPE_VARIABLE = Pattern.compile("\\.put\\(\"type\",\\s*([a-z]\\w*)\\)");
    private static final Pattern ACTION_LITERAL = Pattern.compile("\\.put\\(\"action\",\\s*\"(\\w+)\"\\)");
    /** A client frame field read by name: {@code frame.string("x")}, {@code optLong("x", ...)}, {@code has("x")}... */
    private static final Pattern FIELD_READ = Pattern.compile(
            "\\b(?:string|optString|id|optId|optLong|idList|enumValue|has|node|missing)\\(\"(\\w+)\"[,)]");
    private static final Set<String> NON_ACTIONS = Set.of("$connect", "$disconnect", "$default");

    private final Map<Path, String> sources = readSources();

    @Override
    public Set<String> actions() {
        Set<String> out = FunctionCatalog.ALL.stream().map(f -> f.trigger())
                .filter(t -> t instanceof Trigger.Route).map(t -> ((Trigger.Route) t).routeKey())
                .filter(k -> !NON_ACTIONS.contains(k)).collect(Collectors.toCollection(TreeSet::new));
        out.addAll(mockRoutes());
        return out;
    }

    @Override
    public Set<String> mockRoutes() {
        return MockRoutes.ALL.stream().map(MockRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Set<String> errorCodes() {
        return Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Map<String, String> frameTypes() {
        Map<String, String> out = new TreeMap<>();
        sources.forEach((file, text) -> {
            find(TYPE_LITERAL, text).forEach(t -> out.putIfAbsent(t, where(file)));
            find(TYPE_CONSTANT, text).forEach(c -> out.putIfAbsent(constantValue(text, c, file), where(file)));
            for (String variable : find(TYPE_VARIABLE, text)) {
                String helper = methodTaking(text, variable, file);
                Pattern call = Pattern.compile("\\b" + helper + "\\(\"(\\w+)\"");
                sources.forEach((f, t) -> find(call, t).forEach(type -> out.putIfAbsent(type, where(f))));
            }
        });
        mockReplies().forEach((route, reply) -> out.putIfAbsent(reply.path("type").asText(),
                "MockRoutes (" + route + ")"));
        return out;
    }

    @Override
    public Map<String, String> ackActions() {
        Map<String, String> out = new TreeMap<>();
        sources.forEach((file, text) -> {
            if (text.contains(".put(\"type\", \"ack\")")) {
                find(ACTION_LITERAL, text).forEach(a -> out.putIfAbsent(a, where(file)));
            }
        });
        mockReplies().forEach((route, reply) -> {
            if ("ack".equals(reply.path("type").asText())) {
                out.putIfAbsent(reply.path("action").asText(), "MockRoutes (" + route + ")");
            }
        });
        return out;
    }

    /** Fields read through {@code ClientFrame} in the files that use it (frame parsers, handlers, services). */
    @Override
    public Map<String, String> requestFields() {
        Map<String, String> out = new TreeMap<>();
        sources.forEach((file, text) -> {
            if (text.contains("ClientFrame")) {
                find(FIELD_READ, text).forEach(f -> out.putIfAbsent(f, where(file)));
            }
        });
        return out;
    }

    /** Each mock route's reply template, with its {@code $context} references replaced by a number. */
    private static Map<String, JsonNode> mockReplies() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (MockRoute r : MockRoutes.ALL) {
            out.put(r.routeKey(), Json.read(r.responseTemplate().replaceAll("\\$context\\.\\w+", "0")));
        }
        return out;
    }

    /** The name of the method in {@code text} with a {@code String <variable>} parameter. */
    private static String methodTaking(String text, String variable, Path file) {
        Matcher m = Pattern.compile("(\\w+)\\(([^)]*\\bString " + variable + "\\b[^)]*)\\)\\s*\\{").matcher(text);
        if (!m.find()) {
            throw new AssertionError(where(file) + " renders .put(\"type\", " + variable + ") outside a method "
                    + "taking String " + variable + ": the frame types it renders cannot be found; build the frame "
                    + "with a literal type or through such a helper");
        }
        return m.group(1);
    }

    /** The value of {@code String <constant> = "x"} in {@code text}. */
    private static String constantValue(String text, String constant, Path file) {
        Matcher m = Pattern.compile("\\bString " + constant + "\\s*=\\s*\"(\\w+)\"").matcher(text);
        if (!m.find()) {
            throw new AssertionError(where(file) + " renders .put(\"type\", " + constant + ") without a constant "
                    + "String " + constant + " = \"...\" in the same file: the frame type it renders cannot be found");
        }
        return m.group(1);
    }

    private static List<String> find(Pattern p, String text) {
        return p.matcher(text).results().map(r -> r.group(1)).toList();
    }

    private static String where(Path file) {
        return file.toString().replace("\\", "/").replaceFirst("^\\.\\./", "");
    }

    private static Map<Path, String> readSources() {
        Map<Path, String> out = new TreeMap<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    out.put(f, Files.readString(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
