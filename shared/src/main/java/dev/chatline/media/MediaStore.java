package dev.chatline.media;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.Attrs;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code media} table: mediaId → owner, object key, content type, size, sha256, the chats it was sent in.
 *
 * <p>Invariants: a media row is created once (condition "not exists") and afterwards only gains chats (set ADD),
 * so an authorization once granted to a chat's members is never withdrawn before the row expires. Expired rows
 * (TTL, epoch s) are never returned.
 */
public final class MediaStore {
    public static final String MEDIA_ID = Tables.MEDIA.partitionKey().name();
    public static final String OWNER = "ownerUserId";
    public static final String OBJECT_KEY = "objectKey";
    public static final String CONTENT_TYPE = "contentType";
    public static final String SIZE = "size";
    public static final String SHA256 = "sha256";
    public static final String CHATS = "chats";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public MediaStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.MEDIA);
        this.clock = clock;
    }

    /** Creates the row; fails with ConditionalCheckFailedException if the id exists (never for random ids). */
    public void create(MediaItem m) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(MEDIA_ID, s(m.mediaId()));
        item.put(OWNER, s(m.ownerUserId()));
        item.put(OBJECT_KEY, s(m.objectKey()));
        item.put(CONTENT_TYPE, s(m.contentType()));
        item.put(SIZE, n(m.size()));
        item.put(SHA256, s(m.sha256()));
        item.put(CREATED_AT, n(m.createdAt()));
        item.put(EXPIRES_AT, n(m.expiresAt()));
        if (!m.chats().isEmpty()) {
            item.put(CHATS, AttributeValue.fromSs(m.chats().stream().sorted().toList()));
        }
        ddb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", MEDIA_ID)));
    }

    /** The unexpired row, strongly consistent. */
    public Optional<MediaItem> get(String mediaId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(MEDIA_ID, s(mediaId)))).item();
        if (item == null || item.isEmpty() || !Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        AttributeValue chats = item.get(CHATS);
        return Optional.of(new MediaItem(str(item, MEDIA_ID), str(item, OWNER), str(item, OBJECT_KEY),
                str(item, CONTENT_TYPE), num(item, SIZE, 0), str(item, SHA256),
                chats == null || !chats.hasSs() ? Set.of() : Set.copyOf(chats.ss()), num(item, CREATED_AT, 0),
                num(item, EXPIRES_AT, 0)));
    }

    /** Records that the media was sent in {@code chatId} (idempotent; the row must exist). */
    public void addChat(String mediaId, String chatId) {
        ddb.updateItem(r -> r.tableName(table).key(Map.of(MEDIA_ID, s(mediaId)))
                .updateExpression("ADD #c :c").conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#c", CHATS, "#id", MEDIA_ID))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromSs(java.util.List.of(chatId)))));
    }
}
