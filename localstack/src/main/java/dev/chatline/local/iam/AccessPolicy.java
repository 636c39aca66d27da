package dev.chatline.local.iam;

import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one hosted function may call: the permissions its role has on AWS, derived from the same declarations the
 * CDK stack grants ({@code AccessGrants}, {@code Functions}): the {@link Access#actions()} of each access in its
 * catalog entry on that resource (on every shard of a sharded queue), a queue trigger's
 * {@link Trigger.Queue#CONSUMER_ACTIONS} on its queue's shards, and the
 * secrets its environment names (the Firebase secret for a topic subscriber, the CloudFront signing key for
 * read-only media access). Resources are named as this runtime provisioned them ({@link Permission}).
 *
 * <p>In a cell (docs/scaling.md, "Cells"), what the cell stacks grant each other: a function that may send to its
 * cell's relay queue may send to the peers' relay queues ({@link CellResources#PEERS_ENV}) too, and a function whose
 * environment names the peers' {@code cellCall} functions ({@link CellResources#CALL_PEERS_ENV}) may invoke them.
 */
public final class AccessPolicy {
    private final String functionName;
    private final Set<Permission> allowed;
    private final ProvisionedResources resources;

    private AccessPolicy(String functionName, Set<Permission> allowed, ProvisionedResources resources) {
        this.functionName = functionName;
        this.allowed = Set.copyOf(allowed);
        this.resources = resources;
    }

    /** @param environment the function's configuration (where its secret ARNs are) */
    public static AccessPolicy of(FunctionDef def, ProvisionedResources resources, ChatConfig environment) {
        Set<Permission> allowed = new LinkedHashSet<>();
        for (Access access : def.access()) {
            allowed.addAll(permissions(access, resources));
            if (access instanceof Access.Bucket b && !b.write()) {
                environment.get(ChatConfig.MEDIA_CDN_KEY_SECRET_ARN)
                        .ifPresent(arn -> allow(allowed, Access.Bucket.SIGNING_KEY_ACTIONS, arn));
            }
        }
        cellPeerPermissions(def, environment).forEach(allowed::add);
        if (def.trigger() instanceof Trigger.Queue q) {
            queueNames(resources, q.queue()).forEach(name -> allow(allowed, Trigger.Queue.CONSUMER_ACTIONS, name));
        }
        if (def.trigger() instanceof Trigger.Topic) {
            environment.get(ChatConfig.FIREBASE_SECRET_ARN)
                    .ifPresent(arn -> allow(allowed, Trigger.Topic.FIREBASE_SECRET_ACTIONS, arn));
        }
        return new AccessPolicy(def.name(), allowed, resources);
    }

    /** Sending to the peers' relay queues (with the own relay's grant); invoking the peers' cellCall functions. */
    private static List<Permission> cellPeerPermissions(FunctionDef def, ChatConfig environment) {
        List<Permission> out = new java.util.ArrayList<>();
        boolean sendsToRelay = def.access().stream()
                .anyMatch(a -> a instanceof Access.SendToQueue q && q.queue().equals(Resources.RELAY));
        if (sendsToRelay) {
            peerValues(environment, CellResources.PEERS_ENV).forEach(url -> new Access.SendToQueue(Resources.RELAY)
                    .actions().forEach(action -> out.add(new Permission(action, RequiredPermissions.queueName(url)))));
        }
        peerValues(environment, CellResources.CALL_PEERS_ENV).forEach(arn -> out.add(
                new Permission(RequiredPermissions.LAMBDA_INVOKE, FunctionName.of(arn))));
        return out;
    }

    /** The values of a {@code b=<value>,c=<value>} variable. */
    private static List<String> peerValues(ChatConfig environment, String variable) {
        return environment.get(variable).stream().flatMap(list -> java.util.Arrays.stream(list.split(",")))
                .filter(entry -> entry.indexOf('=') > 0).map(entry -> entry.substring(entry.indexOf('=') + 1))
                .toList();
    }

    public String functionName() {
        return functionName;
    }

    /** Every permission the function has. */
    public Set<Permission> permissions() {
        return allowed;
    }

    /** The first of {@code required} the function is not granted, with the message that explains it. */
    Optional<Denial> denial(List<Permission> required) {
        return required.stream().filter(p -> !allowed.contains(p)).findFirst()
                .map(p -> new Denial(p, "function " + functionName + " is not granted " + p.describe() + "; "
                        + CatalogHint.forMissing(p, resources)));
    }

    /** A refused call: the missing permission and the message naming the function and the grant. */
    record Denial(Permission permission, String message) {
    }

    /** The permissions one access gives, on the resources as provisioned here (every shard of a queue). */
    static Set<Permission> permissions(Access access, ProvisionedResources resources) {
        Set<Permission> out = new LinkedHashSet<>();
        resourcesOf(access, resources).forEach(resource -> allow(out, access.actions(), resource));
        return out;
    }

    private static List<String> resourcesOf(Access access, ProvisionedResources resources) {
        if (access instanceof Access.Table t) {
            // the directory of a single cell is not provisioned: nothing is granted on it (as the stack grants nothing)
            return resources.hasTable(t.table()) ? List.of(resources.tableName(t.table())) : List.of();
        }
        if (access instanceof Access.SendToQueue q) {
            return queueNames(resources, q.queue());
        }
        if (access instanceof Access.PublishToTopic p) {
            return List.of(resources.topicArn(p.topic()));
        }
        if (access instanceof Access.Bucket b) {
            return List.of(resources.bucketName(b.bucket()));
        }
        return List.of(Permission.CONNECTIONS);
    }

    private static List<String> queueNames(ProvisionedResources resources, dev.chatline.schema.QueueDef queue) {
        return resources.shards(queue).stream().map(q -> RequiredPermissions.queueName(q.url())).toList();
    }

    private static void allow(Set<Permission> into, List<String> actions, String resource) {
        actions.forEach(action -> into.add(new Permission(action, resource)));
    }
}
