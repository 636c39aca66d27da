package dev.chatline.infra;

import dev.chatline.functions.catalog.Access;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.CellResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;

/**
 * Turns each {@link Access} of a function into the narrowest IAM statement (its {@link Access#actions()} on the
 * resource) and the environment variable through which the function finds the resource. Resources are named
 * exactly (tables with their own index ARNs, no {@code /index/*}); the only wildcards are object keys in the media
 * bucket and connection ids under {@code @connections}, both unknowable at deploy time. In a cell of a multi-cell
 * deployment, the directory table is its replica in the cell's region and sending to the relay queue also reaches
 * the peer cells ({@link PeerCells}).
 */
final class AccessGrants {
    static final List<String> CONNECTION_METHODS = List.of("POST", "GET", "DELETE");
    /**
     * cdk-nag's rendering of {@link ChatWebSocketApi#connectionsArn}: this API, one stage, three methods. Partition,
     * region and account are pseudo parameters in an environment-agnostic stack and literals in a cell's stack.
     */
    private static final String CONNECTIONS_FINDING = "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):execute-api:"
            + "(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|[0-9]{12}):<[A-Za-z0-9]+>\\/[a-z0-9-]+\\/"
            + "(POST|GET|DELETE)\\/@connections\\/\\*$/";

    private final DataTables tables;
    private final Messaging messaging;
    private final MediaStorage media;
    private final ChatWebSocketApi gateway;
    private final Optional<ChatlineSettings.MediaSigning> mediaSigning;
    private final Optional<ChatlineSettings.CellPlacement> cell;

    /** @param cell this stack's cell in a multi-cell deployment: relaying reaches the peers, the directory exists */
    AccessGrants(DataTables tables, Messaging messaging, MediaStorage media, ChatWebSocketApi gateway,
                 Optional<ChatlineSettings.MediaSigning> mediaSigning, Optional<ChatlineSettings.CellPlacement> cell) {
        this.mediaSigning = mediaSigning;
        this.cell = cell;
        this.tables = tables;
        this.messaging = messaging;
        this.media = media;
        this.gateway = gateway;
    }

    /** Adds the statements for {@code access} to the role's policy (and the reason for each wildcard). */
    void grant(Role role, Access access) {
        for (PolicyStatement statement : statements(access)) {
            role.addToPrincipalPolicy(statement);
        }
        if (access instanceof Access.ManageConnections) {
            Nag.suppressOnly(role, "AwsSolutions-IAM5", "Connection ids are assigned by API Gateway at connect "
                    + "time, so ManageConnections is granted on this API's stage for @connections/* and only for "
                    + "POST (send), GET (status) and DELETE (close).", CONNECTIONS_FINDING);
        }
        if (access instanceof Access.Bucket b) {
            Nag.suppressOnly(role, "AwsSolutions-IAM5", "Object keys are random media ids chosen at upload "
                    + "time; access is limited to objects of this one bucket (" + b.bucket().logicalName() + ").",
                    bucketObjectsFinding(media.bucket(b.bucket())));
        }
    }

    /**
     * cdk-nag's rendering of {@code <bucket ARN>/*}: {@code <MediaMediaBucket1A2B3C4D.Arn>/*} for a role in the
     * bucket's stack, {@code <referencetoChatlineprodMediaMediaBucket5E6F7A8BArn>/*} (the parameter CDK passes the
     * ARN in) for a role in a nested stack. Both start from the bucket's construct path below its stack.
     */
    private static String bucketObjectsFinding(Bucket bucket) {
        Stack stack = Stack.of(bucket);
        String path = bucket.getNode().getScopes().stream()
                .skip(stack.getNode().getScopes().size())
                .map(scope -> scope.getNode().getId().replaceAll("[^A-Za-z0-9]", ""))
                .collect(java.util.stream.Collectors.joining());
        return "/^Resource::<(referenceto[A-Za-z0-9]*)?" + path + "[0-9A-F]{8}\\.?Arn>\\/\\*$/";
    }

    List<PolicyStatement> statements(Access access) {
        if (access instanceof Access.Table t && t.table().equals(CellResources.DIRECTORY)) {
            // the directory is the cells' (its own stack); a single-cell deployment has none and never reads it
            return cell.map(c -> List.of(PeerCells.directory(t, c))).orElse(List.of());
        }
        if (access instanceof Access.Table t) {
            List<String> resources = new ArrayList<>();
            resources.add(tables.table(t.table()).getTableArn());
            resources.addAll(tables.indexArns(t.table()));
            return List.of(allow(access.actions(), resources));
        }
        if (access instanceof Access.SendToQueue q) {
            List<PolicyStatement> statements = new ArrayList<>(List.of(allow(access.actions(),
                    messaging.shards(q.queue()).stream().map(pair -> pair.queue().getQueueArn()).toList())));
            cell.ifPresent(c -> statements.addAll(PeerCells.outbound(q, c)));
            return statements;
        }
        if (access instanceof Access.PublishToTopic p) {
            Topic topic = messaging.topic(p.topic());
            // Publishing to a topic encrypted with a customer managed key needs the key for the data key.
            return List.of(allow(access.actions(), List.of(topic.getTopicArn())),
                    allow(List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(messaging.key().getKeyArn())));
        }
        if (access instanceof Access.Bucket b) {
            PolicyStatement objects = allow(access.actions(), List.of(media.bucket(b.bucket()).arnForObjects("*")));
            return signsDownloads(b) ? List.of(objects, allow(Access.Bucket.SIGNING_KEY_ACTIONS,
                    List.of(mediaSigning.orElseThrow().privateKeySecretArn()))) : List.of(objects);
        }
        if (access instanceof Access.ManageConnections) {
            return List.of(allow(access.actions(), CONNECTION_METHODS.stream().map(gateway::connectionsArn).toList()));
        }
        throw new IllegalArgumentException("unsupported access " + access);
    }

    /** The environment variable (if any) through which a function learns where {@code access} points. */
    Map<String, String> environment(Access access) {
        if (access instanceof Access.SendToQueue q) {
            String url = messaging.queue(q.queue()).queue().getQueueUrl(); // shard 0's: the others follow from it
            return q.queue().shardCountEnvVar()
                    .map(count -> Map.of(q.queue().urlEnvVar(), url, count, Integer.toString(messaging.shardCount())))
                    .orElse(Map.of(q.queue().urlEnvVar(), url));
        }
        if (access instanceof Access.PublishToTopic p) {
            return Map.of(p.topic().arnEnvVar(), messaging.topic(p.topic()).getTopicArn());
        }
        if (access instanceof Access.Bucket b) {
            if (signsDownloads(b)) {
                return Map.of(b.bucket().nameEnvVar(), media.bucket(b.bucket()).getBucketName(),
                        ChatConfig.MEDIA_CDN_DOMAIN, media.distribution().getDistributionDomainName(),
                        ChatConfig.MEDIA_CDN_KEY_ID, media.signingKey().orElseThrow().getPublicKeyId(),
                        ChatConfig.MEDIA_CDN_KEY_SECRET_ARN, mediaSigning.orElseThrow().privateKeySecretArn());
            }
            return Map.of(b.bucket().nameEnvVar(), media.bucket(b.bucket()).getBucketName());
        }
        if (access instanceof Access.ManageConnections) {
            return Map.of(ChatConfig.CONNECTIONS_ENDPOINT, gateway.connectionsEndpoint());
        }
        return Map.of(); // tables: the name follows from CHATLINE_STAGE
    }

    /** Read-only media access means issuing download URLs: through CloudFront when signing is configured. */
    private boolean signsDownloads(Access.Bucket b) {
        return !b.write() && b.bucket().equals(dev.chatline.schema.Resources.MEDIA) && mediaSigning.isPresent();
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
