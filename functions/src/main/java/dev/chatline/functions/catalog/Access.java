package dev.chatline.functions.catalog;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.BucketDef;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.TopicDef;
import java.util.List;

/**
 * A resource a function uses, the IAM actions that gives it on that resource and the configuration keys through
 * which it finds the resource, declared once: the CDK stack grants exactly {@link #actions()} on the resource and
 * sets {@link #variables()}; the local runtime refuses every other AWS call a hosted function makes and withholds
 * the other functions' resource keys from it.
 */
public sealed interface Access {

    /** The IAM actions this access allows on its resource. */
    List<String> actions();

    /** The configuration keys the stack gives the function for this resource (none for tables: named by stage). */
    List<String> variables();

    /** @param write also PutItem/UpdateItem/DeleteItem/BatchWriteItem/TransactWriteItems */
    record Table(TableDef table, boolean write) implements Access {
        /** Reads: no Scan (never Scan to broadcast) and no stream reads; on the table and its indexes. */
        public static final List<String> READ_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable");
        /** Writes; TransactWriteItems is authorized through these per-item actions. */
        public static final List<String> WRITE_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

        @Override
        public List<String> actions() {
            return write ? concat(READ_ACTIONS, WRITE_ACTIONS) : READ_ACTIONS;
        }

        @Override
        public List<String> variables() {
            return List.of();
        }
    }

    /**
     * Sending to a queue; to every shard of a sharded queue (its producers pick the shard per message group), whose
     * shard 0 URL and shard count the function is given.
     */
    record SendToQueue(QueueDef queue) implements Access {
        @Override
        public List<String> actions() {
            return List.of("sqs:SendMessage", "sqs:GetQueueAttributes");
        }

        @Override
        public List<String> variables() {
            return queue.shardCountEnvVar().map(count -> List.of(queue.urlEnvVar(), count))
                    .orElse(List.of(queue.urlEnvVar()));
        }
    }

    /** {@code sns:Publish} (the CDK adds the topic key's data-key actions, which SNS uses on the caller's behalf). */
    record PublishToTopic(TopicDef topic) implements Access {
        @Override
        public List<String> actions() {
            return List.of("sns:Publish");
        }

        @Override
        public List<String> variables() {
            return List.of(topic.arnEnvVar());
        }
    }

    /**
     * @param write also PutObject (presigned uploads); read-only access issues download URLs, and when CloudFront
     *              signing is configured ({@code CHATLINE_MEDIA_CDN_KEY_SECRET_ARN}) it also reads the signing key
     *              secret ({@link #SIGNING_KEY_ACTIONS})
     */
    record Bucket(BucketDef bucket, boolean write) implements Access {
        public static final List<String> SIGNING_KEY_ACTIONS = List.of("secretsmanager:GetSecretValue");

        @Override
        public List<String> actions() {
            return write ? List.of("s3:GetObject", "s3:PutObject") : List.of("s3:GetObject");
        }

        /** Read-only access also gets the CloudFront signing settings (set only when signing is configured). */
        @Override
        public List<String> variables() {
            return write ? List.of(bucket.nameEnvVar()) : List.of(bucket.nameEnvVar(), ChatConfig.MEDIA_CDN_DOMAIN,
                    ChatConfig.MEDIA_CDN_KEY_ID, ChatConfig.MEDIA_CDN_KEY_SECRET_ARN);
        }
    }

    /** {@code execute-api:ManageConnections} on this API's stage (post to / get / delete connections). */
    record ManageConnections() implements Access {
        @Override
        public List<String> actions() {
            return List.of("execute-api:ManageConnections");
        }

        @Override
        public List<String> variables() {
            return List.of(ChatConfig.CONNECTIONS_ENDPOINT);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
