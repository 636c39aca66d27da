package dev.chatline.keys;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code one-time-kem-prekeys} table: one-time Kyber prekeys with their signatures, each handed out at most
 * once; when none is left a bundle carries the device's last-resort Kyber key ({@link DeviceKeysStore}).
 */
public final class SingleUseKemPreKeyStore extends SingleUsePreKeyStore {
    public SingleUseKemPreKeyStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config) {
        super(ddb, batch, config, Tables.ONE_TIME_KEM_PREKEYS);
    }
}
