package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * The inbound half of the peer grants on fixture resources (no catalog function has the {@code Invoke} trigger
 * yet): a peer cell's account may invoke the invoked function's alias and send to the relay queue; a peer in the
 * cell's own account needs no resource policy.
 */
class PeerCellsTest {

    @Test
    void peerAccountsMayInvokeTheAliasOfTheFunctionPeerCellsCall() {
        Template template = fixture(Synth.TWO_CELLS, "a", (alias, queue, cell) -> PeerCells.allowInvoke(alias, cell));
        Map<String, Map<String, Object>> permissions = template.findResources("AWS::Lambda::Permission");
        assertThat(permissions).hasSize(1);
        Map<?, ?> permission = (Map<?, ?>) permissions.values().iterator().next().get("Properties");
        assertThat(permission.get("Action")).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.get("Principal")).isEqualTo("444455556666");
        assertThat(permission.get("FunctionName").toString()).contains("CellCallAlias");
    }

    @Test
    void peerAccountsMaySendToTheRelayQueue() {
        Template template = fixture(Synth.TWO_CELLS, "b", (alias, queue, cell) -> PeerCells.allowRelaySends(queue,
                cell));
        String policies = template.findResources("AWS::SQS::QueuePolicy").values().toString();
        assertThat(policies).contains("sqs:SendMessage", "arn:", ":iam::111122223333:root");
    }

    @Test
    void aPeerInTheCellsOwnAccountNeedsNoResourcePolicy() {
        String sameAccount = "a:eu-west-1:111122223333,b:us-east-1:111122223333";
        Template template = fixture(sameAccount, "a", (alias, queue, cell) -> {
            PeerCells.allowInvoke(alias, cell);
            PeerCells.allowRelaySends(queue, cell);
        });
        template.resourceCountIs("AWS::Lambda::Permission", 0);
        template.resourceCountIs("AWS::SQS::QueuePolicy", 0);
    }

    private interface Wiring {
        void wire(Alias alias, Queue queue, ChatlineSettings.CellPlacement cell);
    }

    private static Template fixture(String cells, String name, Wiring wiring) {
        CellTopology topology = CellTopology.parse("prod", Optional.of(cells)).orElseThrow();
        CellTopology.Cell cell = topology.cell(name);
        Stack stack = new Stack(new App(), "Fixture", StackProps.builder().env(Environment.builder()
                .account(cell.account()).region(cell.region()).build()).build());
        Function function = Function.Builder.create(stack, "CellCall").runtime(Runtime.NODEJS_22_X)
                .handler("index.handler").code(Code.fromInline("exports.handler = async () => ({});")).build();
        Alias alias = Alias.Builder.create(stack, "CellCallAlias").aliasName(Functions.ALIAS)
                .version(function.getCurrentVersion()).build();
        Queue queue = Queue.Builder.create(stack, "Relay").build();
        wiring.wire(alias, queue, new ChatlineSettings.CellPlacement(topology, cell));
        return Template.fromStack(stack);
    }
}
