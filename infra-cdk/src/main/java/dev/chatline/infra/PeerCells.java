package dev.chatline.infra;

import dev.chatline.functions.catalog.Access;
import dev.chatline.schema.Resources;
import java.util.List;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * What one cell opens to its peer cells and what its functions may do in theirs (docs/operations.md, "Cells"). Both
 * sides are computed from the topology alone ({@link CellTopology}), never from another stack's outputs, so the
 * cells deploy independently, in any account and region:
 * <ul>
 *   <li>inbound: the peers' accounts may {@code sqs:SendMessage} to this cell's relay queue (its queue policy) and
 *       {@code lambda:InvokeFunction} this cell's {@code Trigger.Invoke} function (the alias's resource policy);
 *       a peer in this cell's own account needs neither, its role's policy is enough;</li>
 *   <li>outbound: a function that relays ({@code Access.SendToQueue(Resources.RELAY)}) may send to the peers'
 *       relay queues and invoke the peers' {@code cellCall} functions — exactly those ARNs.</li>
 * </ul>
 * The peers' own role policies are the other half of each grant: cross-account access needs both.
 */
final class PeerCells {
    static final String INVOKE = "lambda:InvokeFunction";
    static final String SEND = "sqs:SendMessage";

    private PeerCells() {
    }

    /** Lets the peers' accounts invoke {@code alias} (the function peer cells call synchronously). */
    static void allowInvoke(Alias alias, ChatlineSettings.CellPlacement placement) {
        for (String account : placement.foreignPeerAccounts()) {
            alias.addPermission("AllowPeerCellAccount" + account, Permission.builder()
                    .principal(new AccountPrincipal(account))
                    .action(INVOKE)
                    .build());
        }
    }

    /** Lets the peers' accounts send relay jobs to this cell's relay queue. */
    static void allowRelaySends(Queue relayQueue, ChatlineSettings.CellPlacement placement) {
        if (placement.foreignPeerAccounts().isEmpty()) {
            return;
        }
        relayQueue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("PeerCellsSendRelayJobs")
                .principals(placement.foreignPeerAccounts().stream().map(AccountPrincipal::new)
                        .map(p -> (software.amazon.awscdk.services.iam.IPrincipal) p).toList())
                .actions(List.of(SEND))
                .resources(List.of(relayQueue.getQueueArn()))
                .build());
    }

    /**
     * A relaying function's grants in the peer cells: {@code access}'s actions on their relay queues and
     * {@value #INVOKE} on their {@code cellCall} functions; none without peers.
     */
    static List<PolicyStatement> outbound(Access.SendToQueue access, ChatlineSettings.CellPlacement placement) {
        if (!access.queue().equals(Resources.RELAY) || placement.peers().isEmpty()) {
            return List.of();
        }
        CellTopology topology = placement.topology();
        return List.of(
                allow(access.actions(), placement.peers().stream().map(topology::relayQueueArn).toList()),
                allow(List.of(INVOKE), placement.peers().stream().map(topology::cellCallArn).toList()));
    }

    /** {@code access}'s actions on the directory replica in this cell's region. */
    static PolicyStatement directory(Access.Table access, ChatlineSettings.CellPlacement placement) {
        return allow(access.actions(), List.of(placement.topology().directoryArn(placement.cell().region())));
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
