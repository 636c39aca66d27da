package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Cell a's stack with the two functions the cells add to the catalog — the relay queue's consumer and the function
 * peer cells invoke — as fixtures until the catalog has them (then the catalog's own): the consumer gets an event
 * source mapping on the relay queue, the invoked function a resource policy for the peer's account and no route,
 * a relaying function the peers' queue and function ARNs, a function with the directory its region's replica, and
 * cdk-nag finds nothing (the templates go to cfn-lint as variant {@code cellfunctions}).
 */
class CellFunctionsTemplateTest {
    private static final FunctionDef RELAY = new FunctionDef("relay", FunctionCatalog.FANOUT.handlerClass(),
            FunctionCatalog.FANOUT.artifact(), 1024, Duration.ofSeconds(30),
            new Trigger.Queue(Resources.RELAY, 10, Duration.ZERO),
            List.of(new Access.SendToQueue(Resources.RELAY), new Access.Table(CellResources.DIRECTORY, false)));
    private static final FunctionDef CELL_CALL = new FunctionDef(CellTopology.CELL_CALL_FUNCTION,
            FunctionCatalog.SEND_MESSAGE.handlerClass(), FunctionCatalog.SEND_MESSAGE.artifact(), 1024,
            Duration.ofSeconds(10), new Trigger.Invoke(),
            List.of(new Access.SendToQueue(Resources.RELAY), new Access.Table(CellResources.DIRECTORY, true)));
    private static List<FunctionDef> catalog;
    private static Synth.Synthesized synthesized;
    private static Template functions;
    private static Template root;

    @BeforeAll
    static void synthesize() {
        catalog = Stream.concat(FunctionCatalog.ALL.stream(), Stream.of(RELAY, CELL_CALL)
                .filter(f -> FunctionCatalog.byName(f.name()).isEmpty())).toList();
        App app = Synth.app(Map.of());
        ChatlineSettings settings = ChatlineSettings.fromContext(app.getNode());
        CellTopology topology = CellTopology.parse(settings.stage(), Optional.of(Synth.TWO_CELLS)).orElseThrow();
        CellTopology.Cell a = topology.cell("a");
        ChatlineStack stack = new ChatlineStack(app, "Chatline-prod-a", StackProps.builder().env(Environment.builder()
                .account(a.account()).region(a.region()).build()).build(), settings.forCell(topology, a), catalog);
        ChatlineApp.checkWithNag(app);
        synthesized = Synth.of(stack, "cellfunctions"); // written for cfn-lint too
        root = Template.fromJSON(synthesized.templates().get(Synth.ROOT));
        functions = Template.fromJSON(synthesized.templates().get(ChatlineStack.FUNCTIONS_STACK));
    }

    @Test
    void theRelayQueuesConsumerHasAnEventSourceMappingOnIt() {
        FunctionDef consumer = only(f -> f.trigger() instanceof Trigger.Queue q && q.queue().equals(Resources.RELAY));
        Map<String, Map<String, Object>> mappings = functions.findResources("AWS::Lambda::EventSourceMapping");
        assertThat(mappings.values()).filteredOn(m -> props(m).get("FunctionName").toString()
                .contains(DataTables.constructId(consumer.name()) + "Alias")).singleElement()
                .satisfies(m -> {
                    assertThat(props(m).get("EventSourceArn").toString()).contains("MessagingRelayQueue");
                    assertThat(props(m).get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
                });
    }

    @Test
    void theInvokedFunctionLetsThePeersAccountInAndHasNoRoute() {
        FunctionDef invoked = only(f -> f.trigger() instanceof Trigger.Invoke);
        assertThat(invoked.name()).isEqualTo(CellTopology.CELL_CALL_FUNCTION);
        String alias = DataTables.constructId(invoked.name()) + "Alias";
        List<Map<?, ?>> permissions = functions.findResources("AWS::Lambda::Permission").values().stream()
                .<Map<?, ?>>map(p -> props(p)).filter(p -> p.get("FunctionName").toString().contains(alias)).toList();
        assertThat(permissions).singleElement().satisfies(p -> {
            assertThat(p.get("Principal")).isEqualTo("444455556666");
            assertThat(p.get("Action")).isEqualTo("lambda:InvokeFunction");
        });
        functions.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "chatline-prod-a-" + invoked.name(),
                "Description", Match.stringLikeRegexp(".*invoked by peer cells.*")));
        assertThat(root.findResources("AWS::ApiGatewayV2::Integration").values().toString())
                .doesNotContain(alias);
    }

    @Test
    void relayingFunctionsReachThePeersAndDirectoryUsersTheirRegionsReplica() {
        String policies = functions.findResources("AWS::IAM::Policy").values().toString();
        assertThat(policies).contains("arn:aws:sqs:us-east-1:444455556666:chatline-prod-b-relay.fifo",
                "arn:aws:lambda:us-east-1:444455556666:function:chatline-prod-b-cellCall:live",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/chatline-prod-directory");
        long relaying = catalog.stream().filter(f -> f.access().contains(new Access.SendToQueue(Resources.RELAY)))
                .count();
        assertThat(policies.split("chatline-prod-b-cellCall:live", -1)).hasSize((int) relaying + 1);
    }

    @Test
    void cdkNagFindsNothingInTheCellWithTheseFunctions() {
        Annotations annotations = synthesized.annotations();
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
    }

    private static FunctionDef only(java.util.function.Predicate<FunctionDef> filter) {
        List<FunctionDef> matching = catalog.stream().filter(filter).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
