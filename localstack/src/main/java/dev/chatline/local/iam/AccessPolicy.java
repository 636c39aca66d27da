package dev.chatline.local.iam;

import dev.chatline.aws.ProvisionedResources;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one hosted function may call: the permissions its role has on AWS, derived from the same declarations the
 * CDK stack grants ({@code AccessGrants}, {@code Functions}): the {@link Access#actions()} of each access in its
 * catalog entry on that resource, a queue trigger's {@link Trigger.Queue#CONSUMER_ACTIONS} on its queue, and the
 * secrets its environment names (the Firebase secret for a topic subscriber, the CloudFront signing key for
 * read-only media access). Resources are named as this runtime provisioned them ({@link Permission}).
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
        if (def.trigger() instanceof Trigger.Queue q) {
            allow(allowed, Trigger.Queue.CONSUMER_ACTIONS, queueName(resources, q.queue()));
        }
        if (def.trigger() instanceof Trigger.Topic) {
            environment.get(ChatConfig.FIREBASE_SECRET_ARN)
                    .ifPresent(arn -> allow(allowed, Trigger.Topic.FIREBASE_SECRET_ACTIONS, arn));
        }
        return new AccessPolicy(def.name(), allowed, resources);
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

    /** The permissions one access gives, on the resource as provisioned here. */
    static Set<Permission> permissions(Access access, ProvisionedResources resources) {
        Set<Permission> out = new LinkedHashSet<>();
        allow(out, access.actions(), resourceOf(access, resources));
        return out;
    }

    private static String resourceOf(Access access, ProvisionedResources resources) {
        if (access instanceof Access.Table t) {
            return resources.tableName(t.table());
        }
        if (access instanceof Access.SendToQueue q) {
            return queueName(resources, q.queue());
        }
        if (access instanceof Access.PublishToTopic p) {
            return resources.topicArn(p.topic());
        }
        if (access instanceof Access.Bucket b) {
            return resources.bucketName(b.bucket());
        }
        return Permission.CONNECTIONS;
    }

    private static String queueName(ProvisionedResources resources, dev.chatline.schema.QueueDef queue) {
        return RequiredPermissions.queueName(resources.queue(queue).url());
    }

    private static void allow(Set<Permission> into, List<String> actions, String resource) {
        actions.forEach(action -> into.add(new Permission(action, resource)));
    }
}
