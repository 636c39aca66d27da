package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a valid frame into a hostile one, deterministically for a given {@link Random}: one {@link Mutation} per
 * frame, applied to a field chosen among all of the frame's fields, nested ones included (the action and the
 * requestId are left alone except by the mutations about them, so replies can still be matched). Values JSON
 * cannot carry in a tree (lone surrogates, out-of-range numbers, raw nesting) are spliced into the text through
 * placeholders. Frames stay below API Gateway's 32 KB frame quota: its exact close is tested elsewhere
 * (FrameLimitsE2eTest), here every frame must be answered.
 */
final class FrameMutator {
    /** Below API Gateway's 32 KB frame quota, with room for the JDK client's framing. */
    static final int MAX_FRAME_BYTES = 32_000;
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    private static final String PLACEHOLDER = "\u2063raw";
    private static final String[] UNICODE = {"\u202Eevil\u202C", "a\u200Bb\u200C\u200D", "\uFEFFbom", "nul\u0000nul",
        "\uD83D\uDE00\uD83D\uDC4D", "e\u0301\u0301\u0301", "\u0645\u0631\u062D\u0628\u0627", "\uFFFF\uFFFE",
        "line\nbreak\ttab", "\u00A0\u2028\u2029"};
    private static final String[] RAW_STRINGS = {"\"\\ud800\"", "\"\\udfff\\ud800\"", "\"x\\ud83d\"",
        "\"\\u0000\"", "\"\\u001f\""};
    private static final String[] INJECTION = {"${jndi:ldap://127.0.0.1/a}", "' OR '1'='1", "../../etc/passwd",
        "#", "a#b", "d:a:b:c", "g:", "d:", "%s%n%x", "<script>alert(1)</script>", "\\", "$default", "*", "null",
        "m#d:a:b#00000000000000000001", "__proto__"};
    private static final String[] NUMBERS = {"0", "-1", "-0", "1.5", "1e400", "-1e400", "1e-400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999999999999999999", "2147483648", "16381", "65537"};
    private static final String[] BROKEN = {"", " ", "null", "[]", "\"text\"", "123", "{", "}", "{}", "{\"action\"}",
        "\uFEFF{\"action\":\"sync\"}", "{'action':'sync'}", "{\"action\":\"sync\",}", "{\"action\":\"sync\"} {}",
        "{\"action\":\"sync\"}/*c*/", "{\"action\":\"sync\" \"requestId\":\"x\"}", "{\"action\":sync}"};

    private final Random random;
    private final Map<String, List<JsonNode>> foreign;

    FrameMutator(Random random, Map<String, List<JsonNode>> foreign) {
        this.random = random;
        this.foreign = foreign;
    }

    /** One frame to send: its action, mutation, text, and whether it names another user's resource. */
    record Mutant(String action, Mutation mutation, String text, boolean foreign) {
    }

    Mutant mutate(String action, ObjectNode seed, Mutation mutation, String requestId) {
        ObjectNode frame = seed.deepCopy();
        frame.put("requestId", requestId);
        List<String> raw = new ArrayList<>();
        boolean[] foreignId = {false};
        String text = switch (mutation) {
            case DUPLICATE_FIELD -> duplicate(frame);
            case BROKEN_JSON -> broken(frame);
            case SHAPE_SWAP -> {
                if (random.nextInt(8) == 0) {
                    yield "[" + Json.write(frame) + "]"; // an array where the frame object belongs
                }
                apply(mutation, frame, raw, foreignId);
                yield splice(Json.write(frame), raw);
            }
            default -> {
                apply(mutation, frame, raw, foreignId);
                yield splice(Json.write(frame), raw);
            }
        };
        return new Mutant(action, mutation, fit(text), foreignId[0]);
    }

    private void apply(Mutation mutation, ObjectNode frame, List<String> raw, boolean[] foreignId) {
        switch (mutation) {
            case WRONG_TYPE -> replace(frame, pick(frame, true), wrongType());
            case MISSING_FIELD -> remove(frame, pick(frame, false));
            case NUMBER_EDGE -> replace(frame, pick(frame, false), raw(raw, NUMBERS[random.nextInt(NUMBERS.length)]));
            case LONG_STRING -> {
                String target = pick(frame, true);
                replace(frame, target, NODES.textNode(""));
                replace(frame, target, NODES.textNode(longString(MAX_FRAME_BYTES - bytes(Json.write(frame)) - 64)));
            }
            case EMPTY_STRING -> replace(frame, pick(frame, false), NODES.textNode(random.nextBoolean() ? "" : " "));
            case UNICODE -> replace(frame, pick(frame, true), random.nextInt(3) == 0
                    ? raw(raw, RAW_STRINGS[random.nextInt(RAW_STRINGS.length)])
                    : NODES.textNode(UNICODE[random.nextInt(UNICODE.length)]));
            case INJECTION -> replace(frame, pick(frame, false),
                    NODES.textNode(INJECTION[random.nextInt(INJECTION.length)]));
            case FOREIGN_ID -> foreignId[0] = foreign(frame, raw);
            case DEEP_NESTING -> replace(frame, pick(frame, false), raw(raw, nested(new int[] {20, 900, 1100,
                    5000}[random.nextInt(4)])));
            case SHAPE_SWAP -> {
                String target = pick(frame, false);
                replace(frame, target, swapShape(frame.at(target)));
            }
            case EXTRA_FIELDS -> extraFields(frame);
            case ARRAY_SIZE -> arraySize(frame);
            case ACTION -> replace(frame, "/action", actionValue());
            case COMBINED -> {
                Mutation[] simple = {Mutation.WRONG_TYPE, Mutation.MISSING_FIELD, Mutation.NUMBER_EDGE,
                    Mutation.UNICODE, Mutation.FOREIGN_ID, Mutation.EXTRA_FIELDS, Mutation.ARRAY_SIZE};
                for (int i = 0; i < 2 + random.nextInt(2); i++) {
                    apply(simple[random.nextInt(simple.length)], frame, raw, foreignId);
                }
            }
            default -> throw new IllegalArgumentException(mutation.name());
        }
    }

    /** A JSON pointer to a field or element below the root; the requestId only sometimes when allowed. */
    private String pick(ObjectNode frame, boolean mayPickRequestId) {
        List<String> paths = new ArrayList<>();
        collect(frame, "", paths);
        paths.remove("/action");
        paths.remove("/requestId");
        if (paths.isEmpty() || mayPickRequestId && random.nextInt(10) == 0) {
            return "/requestId";
        }
        return paths.get(random.nextInt(paths.size()));
    }

    private static void collect(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> {
                String p = path + "/" + f.replace("~", "~0").replace("/", "~1");
                out.add(p);
                collect(node.get(f), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(path + "/" + i);
                collect(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static void replace(ObjectNode frame, String pointer, JsonNode value) {
        JsonNode parent = frame.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
    }

    private static void remove(ObjectNode frame, String pointer) {
        JsonNode parent = frame.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(last));
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private JsonNode wrongType() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(random.nextInt(1000) - 500);
            case 1 -> NODES.textNode("42");
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add("x").add(1);
            case 5 -> NODES.objectNode().put("x", 1);
            default -> NODES.numberNode(random.nextDouble() * 1e6);
        };
    }

    /** A string of 65 to {@code maxBytes} UTF-8 bytes: ASCII, or 2-, 3- or 4-byte characters. */
    private String longString(int maxBytes) {
        int length = Math.min(maxBytes, new int[] {65, 129, 1_000, 8_000, 31_000}[random.nextInt(5)]);
        String unit = random.nextBoolean() ? "x" : new String[] {"\u00e9", "\u4e2d", "\uD83D\uDE00"}[random.nextInt(3)];
        return unit.repeat(Math.max(1, length / bytes(unit)));
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private JsonNode raw(List<String> raw, String literal) {
        raw.add(literal);
        return NODES.textNode(PLACEHOLDER + (raw.size() - 1));
    }

    /** Replaces each placeholder string ({@code "\u2063rawN"}) by its raw JSON literal. */
    private static String splice(String text, List<String> raw) {
        String out = text;
        for (int i = raw.size() - 1; i >= 0; i--) {
            out = out.replace("\"" + PLACEHOLDER + i + "\"", raw.get(i));
        }
        return out;
    }

    private boolean foreign(ObjectNode frame, List<String> raw) {
        List<String> fields = new ArrayList<>();
        frame.fieldNames().forEachRemaining(f -> {
            if (foreign.containsKey(f)) {
                fields.add(f);
            }
        });
        if (fields.isEmpty()) {
            apply(Mutation.WRONG_TYPE, frame, raw, new boolean[1]);
            return false;
        }
        String field = fields.get(random.nextInt(fields.size()));
        List<JsonNode> values = foreign.get(field);
        frame.set(field, values.get(random.nextInt(values.size())).deepCopy());
        return true;
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private JsonNode swapShape(JsonNode value) {
        if (value.isObject()) {
            ArrayNode a = NODES.arrayNode();
            value.elements().forEachRemaining(a::add);
            return a;
        }
        if (value.isArray()) {
            ObjectNode o = NODES.objectNode();
            for (int i = 0; i < value.size(); i++) {
                o.set(Integer.toString(i), value.get(i));
            }
            return o;
        }
        return random.nextBoolean() ? NODES.arrayNode().add(value) : NODES.objectNode().set("value", value);
    }

    private void extraFields(ObjectNode frame) {
        String[] names = {"__proto__", "constructor", "prototype", "", "ACTION", "requestID", "userId", "from",
            "senderUserId", "deviceId", "$ref", "k".repeat(300)};
        int count = new int[] {1, 10, 400}[random.nextInt(3)];
        for (int i = 0; i < count; i++) {
            String name = i < names.length && random.nextBoolean() ? names[i] : "f" + i;
            frame.set(name, random.nextBoolean() ? NODES.textNode("victim") : NODES.objectNode().put("admin", true));
        }
    }

    private void arraySize(ObjectNode frame) {
        List<String> arrays = new ArrayList<>();
        List<String> all = new ArrayList<>();
        collect(frame, "", all);
        all.stream().filter(p -> frame.at(p).isArray()).forEach(arrays::add);
        String target = arrays.isEmpty() ? pick(frame, false) : arrays.get(random.nextInt(arrays.size()));
        JsonNode current = frame.at(target);
        JsonNode element = current.isArray() && !current.isEmpty() ? current.get(0) : NODES.textNode("x");
        ArrayNode resized = NODES.arrayNode();
        int size = new int[] {0, 2, 11, 101, 257, 1000}[random.nextInt(6)];
        for (int i = 0; i < size && resized.toString().length() < 25_000; i++) {
            resized.add(random.nextInt(8) == 0 ? NODES.numberNode(i) : element.deepCopy());
        }
        replace(frame, target, resized);
    }

    private JsonNode actionValue() {
        String[] names = {"SendMessage", " sync", "sync ", "sync\u0000", "", "$default", "$connect", "$disconnect",
            "heartbeat", "receipt", "groupCreate", "a".repeat(200), "sync\u200B", "keysFetch"};
        return switch (random.nextInt(4)) {
            case 0 -> NODES.numberNode(1);
            case 1 -> NODES.nullNode();
            case 2 -> NODES.arrayNode().add("sync");
            default -> NODES.textNode(names[random.nextInt(names.length)]);
        };
    }

    private String duplicate(ObjectNode frame) {
        List<String> fields = new ArrayList<>();
        frame.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        String copy = "\"" + field + "\":" + Json.write(random.nextBoolean() ? wrongType()
                : NODES.textNode("other"));
        String text = Json.write(frame);
        return random.nextBoolean() ? "{" + copy + "," + text.substring(1)
                : text.substring(0, text.length() - 1) + "," + copy + "}";
    }

    private String broken(ObjectNode frame) {
        String text = Json.write(frame);
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text + new String[] {"}", ",", " x", "{}", "\u0000"}[random.nextInt(5)];
            default -> BROKEN[random.nextInt(BROKEN.length)];
        };
    }

    /** Whole frames above the quota are cut (and so become invalid JSON); the mutations above rarely need it. */
    private static String fit(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_FRAME_BYTES ? text
                : new String(bytes, 0, MAX_FRAME_BYTES, StandardCharsets.UTF_8).replaceAll("\uFFFD$", "");
    }
}
