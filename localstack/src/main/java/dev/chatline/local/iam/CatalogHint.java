package dev.chatline.local.iam;

import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.functions.catalog.Access;
import dev.chatline.schema.BucketDef;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.Resources;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import dev.chatline.schema.TopicDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells the developer what to add to {@code FunctionCatalog} for a missing permission: the narrowest access (read
 * before write) whose grant includes it, written as the catalog writes it ({@code rw(DEVICE_KEYS)},
 * {@code new Access.SendToQueue(Resources.FANOUT)}, {@code manage()}), or that no access kind grants it.
 */
final class CatalogHint {
    private CatalogHint() {
    }

    static String forMissing(Permission missing, ProvisionedResources resources) {
        return candidates(resources).stream()
                .filter(access -> AccessPolicy.permissions(access, resources).contains(missing))
                .findFirst()
                .map(access -> "add " + source(access) + " to its access list in FunctionCatalog")
                .orElse("no access in FunctionCatalog grants it");
    }

    /** Every access the catalog could declare on the provisioned resources, narrowest first per resource. */
    private static List<Access> candidates(ProvisionedResources resources) {
        List<Access> out = new ArrayList<>();
        for (TableDef table : Tables.ALL) {
            if (resources.tables().containsKey(table.logicalName())) {
                out.add(new Access.Table(table, false));
                out.add(new Access.Table(table, true));
            }
        }
        for (QueueDef queue : Resources.QUEUES) {
            if (resources.queues().containsKey(queue.logicalName())) {
                out.add(new Access.SendToQueue(queue));
            }
        }
        for (TopicDef topic : Resources.TOPICS) {
            if (resources.topics().containsKey(topic.logicalName())) {
                out.add(new Access.PublishToTopic(topic));
            }
        }
        for (BucketDef bucket : Resources.BUCKETS) {
            if (resources.buckets().containsKey(bucket.logicalName())) {
                out.add(new Access.Bucket(bucket, false));
                out.add(new Access.Bucket(bucket, true));
            }
        }
        out.add(new Access.ManageConnections());
        return out;
    }

    /** The access as FunctionCatalog declares it. */
    static String source(Access access) {
        if (access instanceof Access.Table t) {
            return (t.write() ? "rw(" : "ro(") + constant(t.table().logicalName()) + ")";
        }
        if (access instanceof Access.SendToQueue q) {
            return "new Access.SendToQueue(Resources." + constant(q.queue().logicalName()) + ")";
        }
        if (access instanceof Access.PublishToTopic p) {
            return "new Access.PublishToTopic(Resources." + constant(p.topic().logicalName()) + ")";
        }
        if (access instanceof Access.Bucket b) {
            return "new Access.Bucket(Resources." + constant(b.bucket().logicalName()) + ", " + b.write() + ")";
        }
        return "manage()";
    }

    /** {@code device-keys} → {@code DEVICE_KEYS}, the name of the constant in {@link Tables} / {@link Resources}. */
    private static String constant(String logicalName) {
        return logicalName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
