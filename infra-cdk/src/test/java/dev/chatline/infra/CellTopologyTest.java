package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.CellResources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cells context and the names one cell computes for another (no stack involved). */
class CellTopologyTest {
    private final CellTopology topology = CellTopology.parse("prod", Optional.of(Synth.TWO_CELLS)).orElseThrow();
    private final CellTopology.Cell a = topology.cell("a");
    private final CellTopology.Cell b = topology.cell("b");

    @Test
    void absentOrBlankCellsMeanASingleCellDeployment() {
        assertThat(CellTopology.parse("prod", Optional.empty())).isEmpty();
        assertThat(CellTopology.parse("prod", Optional.of("  "))).isEmpty();
    }

    @Test
    void theContextNamesEachCellsRegionAndAccountAndTheFirstHoldsTheDirectory() {
        assertThat(topology.cells()).containsExactly(new CellTopology.Cell("a", "eu-west-1", "111122223333"),
                new CellTopology.Cell("b", "us-east-1", "444455556666"));
        assertThat(topology.directoryHome()).isEqualTo(a);
        assertThat(topology.regions()).containsExactly("eu-west-1", "us-east-1");
        assertThat(topology.peersOf(a)).containsExactly(b);
        assertThat(topology.cellStage(b)).isEqualTo(CellResources.cellStage("prod", "b")).isEqualTo("prod-b");
    }

    @Test
    void malformedCellsAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> CellTopology.parse("prod", Optional.of("a:eu-west-1")))
                .hasMessageContaining("NAME:REGION:ACCOUNT");
        assertThatThrownBy(() -> CellTopology.parse("prod", Optional.of("a:eu-west-1:1,b:us-east-1:444455556666")))
                .hasMessageContaining("account id");
        assertThatThrownBy(() -> CellTopology.parse("prod", Optional.of("A:eu-west-1:111122223333")))
                .hasMessageContaining("cell name");
        assertThatThrownBy(() -> CellTopology.parse("prod", Optional.of("a:europe:111122223333")))
                .hasMessageContaining("region");
        assertThatThrownBy(() -> CellTopology.parse("prod",
                Optional.of("a:eu-west-1:111122223333,a:us-east-1:444455556666"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> CellTopology.parse("prod", Optional.of("directory:eu-west-1:111122223333")))
                .hasMessageContaining("directory stack");
        assertThatThrownBy(() -> CellTopology.parse("averyveryverylong", Optional.of("abcdef:eu-west-1:111122223333")))
                .hasMessageContaining("stage");
    }

    @Test
    void aPeersRelayQueueAndCellCallFunctionFollowFromItsNames() {
        assertThat(topology.relayQueueUrl(b))
                .isEqualTo("https://sqs.us-east-1.amazonaws.com/444455556666/chatline-prod-b-relay.fifo");
        assertThat(topology.relayQueueArn(b)).isEqualTo("arn:aws:sqs:us-east-1:444455556666:chatline-prod-b-relay.fifo");
        assertThat(topology.cellCallArn(b))
                .isEqualTo("arn:aws:lambda:us-east-1:444455556666:function:chatline-prod-b-cellCall:live");
        CellTopology china = CellTopology.parse("prod", Optional.of("c:cn-north-1:111122223333")).orElseThrow();
        assertThat(china.relayQueueUrl(china.cell("c"))).startsWith("https://sqs.cn-north-1.amazonaws.com.cn/");
        assertThat(china.directoryArn("cn-north-1")).startsWith("arn:aws-cn:dynamodb:cn-north-1:111122223333:");
    }

    /** The directory's account owns every replica; a cell in another account names its region's replica by ARN. */
    @Test
    void theDirectoryIsNamedInItsAccountAndByTheReplicasArnFromAnother() {
        assertThat(topology.directoryTableName()).isEqualTo(CellResources.DIRECTORY.physicalName("prod"))
                .isEqualTo("chatline-prod-directory");
        assertThat(topology.directoryTableFor(a)).isEqualTo("chatline-prod-directory");
        assertThat(topology.directoryTableFor(b))
                .isEqualTo("arn:aws:dynamodb:us-east-1:111122223333:table/chatline-prod-directory");
        assertThat(topology.foreignAccountsIn("us-east-1")).containsExactly("444455556666");
        assertThat(topology.foreignAccountsIn("eu-west-1")).isEmpty();
    }

    @Test
    void everyFunctionOfACellIsToldItsNameTheDirectoryAndItsPeers() {
        assertThat(topology.environment(a)).isEqualTo(Map.of(
                CellResources.CELL_ENV, "a",
                CellResources.DIRECTORY_TABLE_ENV, "chatline-prod-directory",
                CellResources.PEERS_ENV, "b=https://sqs.us-east-1.amazonaws.com/444455556666/chatline-prod-b-relay.fifo",
                CellResources.CALL_PEERS_ENV, "b=arn:aws:lambda:us-east-1:444455556666:function:chatline-prod-b-cellCall:live"));
        CellTopology three = CellTopology.parse("prod", Optional.of(Synth.TWO_CELLS + ",c:eu-west-1:111122223333"))
                .orElseThrow();
        assertThat(three.environment(three.cell("c")).get(CellResources.PEERS_ENV))
                .matches("a=https://sqs\\.eu-west-1\\.amazonaws\\.com/111122223333/chatline-prod-a-relay\\.fifo,"
                        + "b=https://sqs\\.us-east-1\\.amazonaws\\.com/444455556666/chatline-prod-b-relay\\.fifo");
        assertThat(three.foreignPeerAccounts(three.cell("c"))).containsExactly("444455556666");
    }

    /** The name peers invoke is the catalog's function with the Invoke trigger, once the catalog has it. */
    @Test
    void theCellCallNameIsTheCatalogsInvokedFunction() {
        FunctionCatalog.ALL.stream().filter(def -> def.trigger() instanceof Trigger.Invoke)
                .forEach(def -> assertThat(def.name()).isEqualTo(CellTopology.CELL_CALL_FUNCTION));
    }
}
