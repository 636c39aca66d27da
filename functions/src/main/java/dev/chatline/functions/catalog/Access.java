package dev.chatline.functions.catalog;

import dev.chatline.schema.BucketDef;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.TopicDef;

/** A resource a function uses; the CDK stack turns each into the narrowest IAM grant. */
public sealed interface Access {

    /** @param write also PutItem/UpdateItem/DeleteItem/BatchWriteItem/TransactWriteItems */
    record Table(TableDef table, boolean write) implements Access {
    }

    record SendToQueue(QueueDef queue) implements Access {
    }

    record PublishToTopic(TopicDef topic) implements Access {
    }

    /** @param write also PutObject (presigned uploads) */
    record Bucket(BucketDef bucket, boolean write) implements Access {
    }

    /** {@code execute-api:ManageConnections} on this API's stage (post to / get / delete connections). */
    record ManageConnections() implements Access {
    }
}
