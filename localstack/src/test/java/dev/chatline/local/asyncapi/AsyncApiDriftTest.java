package dev.chatline.local.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.asyncapi.AsyncApiDocument.ServerFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml and docs/protocol.md against the code ({@link ProtocolInventory}), both ways: every action,
 * error code, frame type and ack action the code has is described, and nothing is described that the code lacks.
 * Each failure names what is missing and where to add it.
 */
class AsyncApiDriftTest {
    private static final String YAML = "docs/asyncapi.yaml";
    private static final Path PROTOCOL_MD = Path.of("../docs/protocol.md");

    private final AsyncApiDocument doc = AsyncApiDocument.load();
    private final ProtocolInventory code = new RecordInventory();

    @Test
    void everyRouteIsASendOperationAndEverySendOperationARoute() {
        Set<String> described = doc.clientActions().keySet();
        assertThat(missing(code.actions(), described)).as(YAML + " lacks these actions of the ClientMessage records: "
                + "add components/messages/<action> (payload action: {const: <action>}, a first example the server "
                + "accepts), channels/socket/messages/<action> and operations/<action> (action: send, with its reply)")
                .isEmpty();
        assertThat(missing(described, code.actions())).as(YAML + " has send operations for actions that are no "
                + "ClientMessage record: remove them or add the record (and its route)").isEmpty();
    }

    @Test
    void everyActionRecordIsARouteOfTheCatalogAndBack() {
        Set<String> routes = FunctionCatalog.ALL.stream().map(f -> f.trigger())
                .filter(t -> t instanceof Trigger.Route).map(t -> ((Trigger.Route) t).routeKey())
                .filter(k -> !k.startsWith("$")).collect(Collectors.toCollection(TreeSet::new));
        routes.addAll(code.mockRoutes());
        assertThat(missing(code.actions(), routes)).as("ClientMessage records without a route in FunctionCatalog or "
                + "MockRoutes").isEmpty();
        assertThat(missing(routes, code.actions())).as("routes of FunctionCatalog/MockRoutes without a ClientMessage "
                + "record (add one and its reader to ProtocolJson)").isEmpty();
    }

    @Test
    void errorCodeEnumIsExactlyErrorCode() {
        assertThat(missing(code.errorCodes(), doc.errorCodes())).as(YAML + ": add these ErrorCode values to "
                + "components/schemas/ErrorCode/enum").isEmpty();
        assertThat(missing(doc.errorCodes(), code.errorCodes())).as(YAML + ": components/schemas/ErrorCode/enum "
                + "names codes that ErrorCode lacks").isEmpty();
    }

    @Test
    void everyFrameTypeTheServerRendersIsAReceivedMessageAndBack() {
        Set<String> described = doc.serverFrames().stream().map(ServerFrame::type).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> rendered = code.frameTypes();
        List<String> undescribed = rendered.entrySet().stream().filter(e -> !described.contains(e.getKey()))
                .map(e -> e.getKey() + " (rendered in " + e.getValue() + ")").toList();
        assertThat(undescribed).as(YAML + " has no message with payload 'type: {const: <type>}' in a receive "
                + "operation for these frame types: add the message and a receive operation").isEmpty();
        assertThat(missing(described, rendered.keySet())).as(YAML + " describes frame types no code renders "
                + "(no ServerFrame record of module protocol has them)").isEmpty();
    }

    @Test
    void everyAckActionIsDescribedAndBack() {
        Set<String> described = doc.serverFrames().stream().filter(f -> "ack".equals(f.type()))
                .map(ServerFrame::action).filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> rendered = code.ackActions();
        List<String> undescribed = rendered.entrySet().stream().filter(e -> !described.contains(e.getKey()))
                .map(e -> e.getKey() + " (rendered in " + e.getValue() + ")").toList();
        assertThat(undescribed).as(YAML + " has no ack message (type: {const: ack}, action: {const: <action>}) "
                + "in a receive operation for these acks").isEmpty();
        assertThat(missing(described, rendered.keySet())).as(YAML + " describes acks no code renders").isEmpty();
    }

    @Test
    void everyFieldOfTheActionRecordsIsAPropertyOfSomeClientMessage() {
        Set<String> described = new TreeSet<>();
        doc.clientActions().values().forEach(a -> a.payload().path("properties").fieldNames()
                .forEachRemaining(described::add));
        List<String> undescribed = code.requestFields().entrySet().stream()
                .filter(e -> !described.contains(e.getKey()))
                .map(e -> e.getKey() + " (read in " + e.getValue() + ")").toList();
        assertThat(undescribed).as(YAML + ": no client message's payload has these fields the server reads: add "
                + "them to the properties of the actions whose records have them").isEmpty();
    }

    @Test
    void everySendOperationRepliesWithFramesTheDocumentDescribes() {
        Set<String> received = doc.serverFrames().stream().map(ServerFrame::type).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        doc.clientActions().values().forEach(a -> {
            if (!a.replyTypes().contains("error") && !code.mockRoutes().contains(a.action())) {
                problems.add(a.operation() + ": its reply does not list the error message");
            }
            a.replyTypes().stream().filter(t -> !received.contains(t))
                    .forEach(t -> problems.add(a.operation() + ": replies with '" + t + "', in no receive operation"));
        });
        assertThat(problems).as(YAML).isEmpty();
    }

    @Test
    void protocolGuideNamesEveryActionFrameTypeAndErrorCode() throws IOException {
        String guide = Files.readString(PROTOCOL_MD);
        Set<String> names = new TreeSet<>();
        code.actions().forEach(a -> names.add("action " + a));
        code.frameTypes().keySet().forEach(t -> names.add("frame type " + t));
        code.errorCodes().forEach(c -> names.add("error code " + c));
        List<String> unnamed = names.stream().filter(n -> !namedIn(guide, n.substring(n.lastIndexOf(' ') + 1)))
                .toList();
        assertThat(unnamed).as("docs/protocol.md must name each of these as `code` (in backticks) or in a JSON "
                + "example (\"action\":\"x\" / \"type\":\"x\")").isEmpty();
        assertThat(guide.contains("asyncapi.yaml")).as("docs/protocol.md points to docs/asyncapi.yaml").isTrue();
    }

    /** {@code `name`} in prose or a table, or {@code "name"} as a JSON value in an example. */
    private static boolean namedIn(String guide, String name) {
        String q = Pattern.quote(name);
        return Pattern.compile("`" + q + "`|\"(action|type|code)\":\"" + q + "\"").matcher(guide).find();
    }

    private static List<String> missing(Set<String> expected, Set<String> actual) {
        return expected.stream().filter(e -> !actual.contains(e)).sorted().toList();
    }
}
