package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import dev.chatline.schema.Tables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * {@code -c cells=a:eu-west-1:111122223333,b:us-east-1:444455556666}: the directory stack (a global table with a
 * replica in each cell's region, the discovery map) and one stage stack per cell, each in its own account and
 * region with its own stage, told its cell, the directory and its peers, and granted exactly the peers' resources.
 */
class CellsTemplateTest {
    private static final String ACCOUNT_A = "111122223333";
    private static final String ACCOUNT_B = "444455556666";
    private final Synth.Cells cells = Synth.twoCells();

    @Test
    void theDirectoryIsAGlobalTableWithAReplicaInEachCellsRegion() {
        Map<String, Map<String, Object>> tables = cells.directoryResources("AWS::DynamoDB::GlobalTable");
        assertThat(tables).hasSize(1);
        Map<String, Object> table = props(tables.values().iterator().next());
        assertThat(table.get("TableName")).isEqualTo("chatline-prod-directory");
        assertThat(table.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "userId", "KeyType", "HASH")));
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        List<?> replicas = (List<?>) table.get("Replicas");
        assertThat(replicas.stream().map(r -> (Object) ((Map<?, ?>) r).get("Region")).toList())
                .containsExactlyInAnyOrder("eu-west-1", "us-east-1");
        assertThat(replicas).allSatisfy(r -> {
            Map<?, ?> replica = (Map<?, ?>) r;
            assertThat(replica.get("PointInTimeRecoverySpecification").toString())
                    .contains("PointInTimeRecoveryEnabled=true");
            // deletion protection follows `production`, as on the stage tables (false in this variant)
            assertThat(replica.get("DeletionProtectionEnabled")).isEqualTo(false);
        });
        assertThat(cells.directory().getRegion()).isEqualTo("eu-west-1");
        assertThat(cells.directory().getAccount()).isEqualTo(ACCOUNT_A);
    }

    /** As the stage tables: deletion protection and RETAIN in production, on the table and every replica. */
    @Test
    void theDirectoryIsProtectedAndRetainedInProduction() {
        software.amazon.awscdk.App app = Synth.app(Map.of("production", "true"));
        ChatlineSettings settings = ChatlineSettings.fromContext(app.getNode());
        CellTopology topology = CellTopology.parse(settings.stage(), Optional.of(Synth.TWO_CELLS)).orElseThrow();
        DirectoryStack stack = new DirectoryStack(app, "Directory", software.amazon.awscdk.StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().account(ACCOUNT_A).region("eu-west-1").build())
                .build(), settings, topology);
        Map<String, Map<String, Object>> tables = software.amazon.awscdk.assertions.Template.fromStack(stack)
                .findResources("AWS::DynamoDB::GlobalTable");
        Map<String, Object> table = tables.values().iterator().next();
        assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat((List<?>) props(table).get("Replicas")).hasSize(2).allSatisfy(r ->
                assertThat(((Map<?, ?>) r).get("DeletionProtectionEnabled")).isEqualTo(true));
    }

    /** Cell b is in another account: the replica of its region lets b's account read and write it, nothing else. */
    @Test
    void aCellInAnotherAccountMayUseItsRegionsReplica() {
        Map<String, Object> table = props(cells.directoryResources("AWS::DynamoDB::GlobalTable").values().iterator()
                .next());
        Map<String, Map<?, ?>> byRegion = new java.util.HashMap<>();
        ((List<?>) table.get("Replicas")).forEach(r -> byRegion.put((String) ((Map<?, ?>) r).get("Region"),
                (Map<?, ?>) r));
        assertThat(byRegion.get("eu-west-1").get("ResourcePolicy")).isNull();
        String policy = byRegion.get("us-east-1").get("ResourcePolicy").toString();
        assertThat(policy).contains(":iam::" + ACCOUNT_B + ":root", "dynamodb:PutItem", "dynamodb:GetItem",
                "arn:aws:dynamodb:us-east-1:" + ACCOUNT_A + ":table/chatline-prod-directory")
                .doesNotContain("dynamodb:Scan", ACCOUNT_A + ":root");
    }

    @Test
    void discoveryIsAPrivateBucketBehindCloudFront() {
        assertThat(cells.directoryResources("AWS::CloudFront::Distribution")).hasSize(1);
        assertThat(cells.directoryResources("AWS::CloudFront::OriginAccessControl")).hasSize(1);
        assertThat(cells.directoryResources("AWS::S3::Bucket").values()).anyMatch(b -> props(b).toString()
                .contains("BlockPublicAcls=true") && props(b).toString().contains("s3/discovery/"));
        assertThat(cells.directoryJson().get("Outputs").toString()).contains("DirectoryTableName",
                "DiscoveryBucketName", "DiscoveryUrl");
        assertThat(cells.directoryResources("AWS::Lambda::Function").values().stream()
                .map(f -> (Object) props(f).get("Handler")).toList()).doesNotContain(FunctionCatalog.CONNECT.handler());
    }

    @Test
    void eachCellIsAStageStackInItsAccountAndRegionWithItsOwnStage() {
        assertThat(cells.cells()).extracting(s -> s.stack().getStackName())
                .containsExactly("Chatline-prod-a", "Chatline-prod-b");
        assertThat(cells.cells()).extracting(s -> s.stack().getRegion()).containsExactly("eu-west-1", "us-east-1");
        assertThat(cells.cells()).extracting(s -> s.stack().getAccount()).containsExactly(ACCOUNT_A, ACCOUNT_B);
        assertThat(cells.cells()).extracting(s -> s.stack().settings().stage()).containsExactly("prod-a", "prod-b");
        for (Synth.Synthesized cell : cells.cells()) {
            String stage = cell.stack().settings().stage();
            cell.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName",
                    Tables.MESSAGES.physicalName(stage)));
            cell.template().hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName",
                    Resources.RELAY.physicalName(stage)));
            assertThat(cell.resources("AWS::DynamoDB::GlobalTable")).as("the directory is not a cell's").isEmpty();
            assertThat(cell.stack().getDependencies()).containsExactly(cells.directory());
        }
    }

    @Test
    void everyFunctionIsToldItsCellTheDirectoryAndItsPeersRelayQueuesAndCellCallFunctions() {
        assertEnvironment(cells.cells().get(0), "a", "chatline-prod-directory",
                "b=https://sqs.us-east-1.amazonaws.com/" + ACCOUNT_B + "/chatline-prod-b-relay.fifo",
                "b=arn:aws:lambda:us-east-1:" + ACCOUNT_B + ":function:chatline-prod-b-cellCall:live");
        assertEnvironment(cells.cells().get(1), "b",
                "arn:aws:dynamodb:us-east-1:" + ACCOUNT_A + ":table/chatline-prod-directory",
                "a=https://sqs.eu-west-1.amazonaws.com/" + ACCOUNT_A + "/chatline-prod-a-relay.fifo",
                "a=arn:aws:lambda:eu-west-1:" + ACCOUNT_A + ":function:chatline-prod-a-cellCall:live");
    }

    private static void assertEnvironment(Synth.Synthesized cell, String name, String directory, String peers,
                                          String callPeers) {
        List<Map<String, Object>> functions = catalogFunctions(cell);
        assertThat(functions).hasSize(FunctionCatalog.ALL.size());
        functions.forEach(f -> assertThat(variables(f)).as(name).containsEntry(CellResources.CELL_ENV, name)
                .containsEntry(CellResources.DIRECTORY_TABLE_ENV, directory)
                .containsEntry(CellResources.PEERS_ENV, peers)
                .containsEntry(CellResources.CALL_PEERS_ENV, callPeers));
    }

    @Test
    void peerCellsAccountsMaySendToEachCellsRelayQueue() {
        assertRelayPolicyAllows(cells.cells().get(0), ACCOUNT_B);
        assertRelayPolicyAllows(cells.cells().get(1), ACCOUNT_A);
    }

    private static void assertRelayPolicyAllows(Synth.Synthesized cell, String peerAccount) {
        List<String> relayPolicies = cell.resources("AWS::SQS::QueuePolicy").values().stream()
                .map(p -> props(p).toString()).filter(p -> p.contains("sqs:SendMessage")).toList();
        assertThat(relayPolicies).singleElement().asString()
                .contains(":iam::" + peerAccount + ":root", "MessagingRelayQueue");
    }

    /** A relaying function may send to the peers' relay queues and invoke their cellCall, and nothing more. */
    @Test
    void relayingReachesExactlyThePeersQueuesAndCellCallFunctions() {
        ChatlineStack a = cells.cells().get(0).stack();
        AccessGrants grants = grants(a);
        List<Map<?, ?>> statements = resolve(a, grants.statements(new Access.SendToQueue(Resources.RELAY)));
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0).get("Resource").toString()).contains("MessagingRelayQueue");
        assertThat(statements.get(1).get("Action")).isEqualTo(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"));
        assertThat(statements.get(1).get("Resource"))
                .isEqualTo("arn:aws:sqs:us-east-1:" + ACCOUNT_B + ":chatline-prod-b-relay.fifo");
        assertThat(statements.get(2).get("Action")).isEqualTo("lambda:InvokeFunction");
        assertThat(statements.get(2).get("Resource"))
                .isEqualTo("arn:aws:lambda:us-east-1:" + ACCOUNT_B + ":function:chatline-prod-b-cellCall:live");
        // other queues stay the cell's own
        assertThat(grants.statements(new Access.SendToQueue(Resources.FANOUT))).hasSize(1);
    }

    @Test
    void directoryAccessIsOnTheReplicaInTheCellsRegionAndNothingInASingleCell() {
        ChatlineStack b = cells.cells().get(1).stack();
        Map<?, ?> statement = resolve(b, grants(b).statements(new Access.Table(CellResources.DIRECTORY, true)))
                .get(0);
        assertThat(statement.get("Resource"))
                .isEqualTo("arn:aws:dynamodb:us-east-1:" + ACCOUNT_A + ":table/chatline-prod-directory");
        assertThat(statement.get("Action").toString()).contains("dynamodb:PutItem", "dynamodb:GetItem")
                .doesNotContain("dynamodb:Scan");
        assertThat(grants(Synth.defaults().stack()).statements(new Access.Table(CellResources.DIRECTORY, true)))
                .isEmpty();
    }

    /** The single-cell stack is as before: no cell configuration, no peer access. */
    @Test
    void withoutCellsTheStackHasNoCellConfigurationOrPeerAccess() {
        Synth.Synthesized single = Synth.defaults();
        assertThat(single.stack().settings().cell()).isEmpty();
        catalogFunctions(single).forEach(f -> assertThat(variables(f))
                .doesNotContainKeys(CellResources.CELL_ENV, CellResources.DIRECTORY_TABLE_ENV, CellResources.PEERS_ENV,
                        CellResources.CALL_PEERS_ENV));
        assertThat(single.resources("AWS::Lambda::Permission").values().toString()).doesNotContain(":root");
    }

    private static AccessGrants grants(ChatlineStack stack) {
        return new AccessGrants(stack.tables(), stack.messaging(), stack.media(), stack.gateway(),
                Optional.empty(), stack.settings().cell());
    }

    private static List<Map<?, ?>> resolve(ChatlineStack stack, List<PolicyStatement> statements) {
        return statements.stream().<Map<?, ?>>map(s -> (Map<?, ?>) stack.resolve(s.toStatementJson())).toList();
    }

    /** The catalog's functions (not the provider functions of CDK's custom resources). */
    private static List<Map<String, Object>> catalogFunctions(Synth.Synthesized stage) {
        return stage.resources("AWS::Lambda::Function").values().stream()
                .filter(f -> String.valueOf(props(f).get("FunctionName")).startsWith("chatline-")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) props(function).get("Environment")).get("Variables");
    }
}
