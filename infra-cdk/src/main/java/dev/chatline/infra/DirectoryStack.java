package dev.chatline.infra;

import dev.chatline.functions.catalog.Access;
import dev.chatline.schema.CellResources;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ReplicaTableProps;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the cells of a multi-cell deployment share (docs/operations.md, "Cells"), deployed before them in the first
 * cell's account and region ({@link CellTopology#directoryHome()}):
 * <ul>
 *   <li>the directory ({@link CellResources#DIRECTORY}): one DynamoDB global table {@code chatline-<stage>-directory}
 *       with a replica in every cell's region, on demand, point-in-time recovery, deletion protection and RETAIN in
 *       production like the stage tables; a cell in another account reads and writes the replica of its region
 *       through that replica's resource policy (its role's policy names the same ARN);</li>
 *   <li>the discovery map ({@link DiscoveryMap}).</li>
 * </ul>
 * It references no cell stack and no cell stack references it: the cells compute the directory's name and ARNs.
 */
public final class DirectoryStack extends Stack {
    private final TableV2 directory;
    private final DiscoveryMap discovery;

    public DirectoryStack(Construct scope, String id, StackProps props, ChatlineSettings settings,
                          CellTopology topology) {
        super(scope, id, props);
        Tags.of(this).add("app", "chatline");
        Tags.of(this).add("chatline:stage", settings.stage());
        String home = topology.directoryHome().region();
        directory = TableV2.Builder.create(this, "Directory")
                .tableName(topology.directoryTableName())
                .partitionKey(DataTables.attribute(CellResources.DIRECTORY.partitionKey()))
                .billing(Billing.onDemand())
                .encryption(TableEncryptionV2.awsManagedKey())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(settings.production())
                .removalPolicy(settings.statefulRemovalPolicy())
                .resourcePolicy(cellAccess(topology, home).orElse(null))
                .replicas(topology.regions().stream().filter(r -> !r.equals(home)).map(region -> {
                    ReplicaTableProps.Builder replica = ReplicaTableProps.builder().region(region);
                    cellAccess(topology, region).ifPresent(replica::resourcePolicy);
                    return replica.build();
                }).toList())
                .build();
        discovery = new DiscoveryMap(this, "Discovery", settings);
        CfnOutput.Builder.create(this, "DirectoryTableName").value(directory.getTableName())
                .description("the directory global table (CHATLINE_DIRECTORY_TABLE)").build();
    }

    /**
     * Read and write on the replica in {@code region} for the cells there in other accounts than the directory's
     * (the actions a writing {@code Access.Table} allows; no Scan); empty when there are none.
     */
    private static Optional<PolicyDocument> cellAccess(CellTopology topology, String region) {
        Set<String> accounts = topology.foreignAccountsIn(region);
        if (accounts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                .sid("CellsOfThisRegion")
                .principals(accounts.stream().map(a -> (IPrincipal) new AccountPrincipal(a)).toList())
                .actions(new Access.Table(CellResources.DIRECTORY, true).actions())
                .resources(List.of(topology.directoryArn(region)))
                .build())).build());
    }

    public TableV2 directory() {
        return directory;
    }

    public DiscoveryMap discovery() {
        return discovery;
    }
}
