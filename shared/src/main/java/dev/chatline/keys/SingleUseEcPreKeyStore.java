package dev.chatline.keys;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The {@code one-time-ec-prekeys} table: one-time EC prekeys (no signature), each handed out at most once. */
public final class SingleUseEcPreKeyStore extends SingleUsePreKeyStore {
    public SingleUseEcPreKeyStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config) {
        super(ddb, batch, config, Tables.ONE_TIME_EC_PREKEYS);
    }
}
