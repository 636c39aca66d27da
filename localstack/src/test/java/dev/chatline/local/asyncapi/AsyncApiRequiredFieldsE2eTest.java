package dev.chatline.local.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.asyncapi.AsyncApiDocument.ClientAction;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fields docs/asyncapi.yaml requires of each action are exactly those the server demands: the first example
 * of every action goes to the local runtime whole (it must not be refused as malformed, and its reply must be one
 * of the frames the operation's {@code reply} lists), then once without each of its fields: a field the schema
 * requires must get {@code MISSING_FIELD} naming it, any other field must not get {@code MISSING_FIELD}.
 * The examples name users and groups that do not exist, so many replies are errors such as
 * {@code UNKNOWN_RECIPIENT} or {@code FORBIDDEN}: those come after the frame was parsed.
 */
class AsyncApiRequiredFieldsE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final AsyncApiDocument DOC = AsyncApiDocument.load();
    private static final Set<String> MALFORMED = Set.of(ErrorCode.INVALID_JSON.name(), ErrorCode.MISSING_FIELD.name(),
            ErrorCode.INVALID_FIELD.name(), ErrorCode.BODY_TOO_LARGE.name(), ErrorCode.UNKNOWN_ACTION.name(),
            ErrorCode.INTERNAL_ERROR.name(), ErrorCode.RATE_LIMITED.name());
    /**
     * deviceListUpdate's first example: it starts alice's account with a list naming her device phone (signed by the
     * example's accountKey). Sent again it is a retry of the stored list and answers the list, so it can run first
     * for any action that needs the account.
     */
    private static final ObjectNode CREATE_ACCOUNT = DOC.clientActions().get("deviceListUpdate").firstExample();
    /**
     * Frames an action's example needs first: keysUpload's example is a later upload (one-time keys only), so a
     * first upload precedes it, with the identity key the account's list names for phone (any other key is
     * IDENTITY_LOCKED once the account exists); linkRequest needs an account (else FORBIDDEN).
     */
    private static final Map<String, List<ObjectNode>> PRELUDES = Map.of(
            "keysUpload", List.of(TestKeys.upload(listedIdentityKey(CREATE_ACCOUNT, "phone"), 1000, 1)),
            "linkRequest", List.of(CREATE_ACCOUNT));
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final Set<String> MOCK_ROUTES = new RecordInventory().mockRoutes();
    private static WsTestClient client;

    @BeforeAll
    static void connect() {
        client = RUNTIME.connectAs("alice", "phone");
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    static Stream<String> actions() {
        return DOC.clientActions().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void serverDemandsExactlyTheFieldsTheSchemaRequires(String action) throws InterruptedException {
        ClientAction a = DOC.clientActions().get(action);
        for (ObjectNode prelude : PRELUDES.getOrDefault(action, List.of())) {
            assertThat(send(prelude, action).path("type").asText()).as("prelude of " + action).isNotEqualTo("error");
        }
        ObjectNode example = a.firstExample();
        JsonNode whole = send(example, action);
        assertThat(MALFORMED).as("docs/asyncapi.yaml: the first example of " + action + " is refused: " + whole)
                .doesNotContain(errorCode(whole));
        assertThat(a.replyTypes()).as("docs/asyncapi.yaml: operations/" + a.operation() + "/reply lists no message "
                + "of the type the server answered: " + whole).contains(whole.path("type").asText());

        Set<String> present = new LinkedHashSet<>();
        example.fieldNames().forEachRemaining(present::add);
        List<String> problems = new ArrayList<>();
        for (String field : present) {
            if (field.equals("action") || field.equals("requestId")) {
                continue;
            }
            ObjectNode without = example.deepCopy();
            without.remove(field);
            JsonNode reply = send(without, action);
            boolean missing = ErrorCode.MISSING_FIELD.name().equals(errorCode(reply))
                    && reply.path("message").asText().contains("'" + field + "'");
            boolean schemaRequires = DOC.requires(a.payload(), field, present);
            if (schemaRequires && !missing) {
                problems.add("the schema requires '" + field + "', but the server accepted the frame without it: "
                        + reply);
            } else if (!schemaRequires && ErrorCode.MISSING_FIELD.name().equals(errorCode(reply))) {
                problems.add("the server demands '" + field + "' (" + reply + "), but the payload schema does not "
                        + "require it: add it to 'required'");
            }
        }
        assertThat(problems).as("docs/asyncapi.yaml, components/messages/" + action + " vs the server").isEmpty();
    }

    /** Sends {@code frame} with a fresh requestId and returns its reply (mock routes: the ack of that route). */
    private static JsonNode send(ObjectNode frame, String action) throws InterruptedException {
        ObjectNode f = frame.deepCopy();
        String requestId = "aa-" + REQUESTS.incrementAndGet();
        f.put("requestId", requestId);
        client.send(Json.write(f));
        if (MOCK_ROUTES.contains(action)) {
            return Json.read(client.await(s -> {
                JsonNode n = Json.read(s);
                return "ack".equals(n.path("type").asText()) && action.equals(n.path("action").asText());
            }, TIMEOUT));
        }
        return Json.read(client.await(s -> requestId.equals(Json.read(s).path("requestId").asText(null)), TIMEOUT));
    }

    /** The identity key (base64) a deviceListUpdate frame's signed list names for {@code deviceId}. */
    private static String listedIdentityKey(ObjectNode deviceListUpdate, String deviceId) {
        JsonNode list = Json.read(new String(Base64.getDecoder().decode(deviceListUpdate.path("list").asText()),
                StandardCharsets.UTF_8));
        for (JsonNode device : list.path("devices")) {
            if (deviceId.equals(device.path("deviceId").asText())) {
                return device.path("identityKey").asText();
            }
        }
        throw new AssertionError("docs/asyncapi.yaml: deviceListUpdate's first example names no device " + deviceId);
    }

    private static String errorCode(JsonNode reply) {
        return "error".equals(reply.path("type").asText()) ? reply.path("code").asText() : null;
    }
}
