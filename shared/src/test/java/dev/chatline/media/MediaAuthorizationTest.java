package dev.chatline.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.protocol.ClientMessage.MediaUpload;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.schema.Resources;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may download or attach media, on moto's DynamoDB with real presigned URLs. */
@ExtendWith(MotoExtension.class)
class MediaAuthorizationTest {
    private static final String DIGEST = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
    private static final MediaUpload PNG_UPLOAD = new MediaUpload("image/png", 1234L, DIGEST);
    /** A group-aware membership, as the groups feature plugs in: "g:team" has ann and ben. */
    private static final ChatMembership MEMBERSHIP = (chatId, userId) -> ChatMembership.DIRECT.isMember(chatId,
            userId) || ("g:team".equals(chatId) && Set.of("ann", "ben").contains(userId));
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private static MediaService media;
    private static MediaAttachments attachments;
    private static MediaStore store;
    private static ChatConfig config;
    private static AwsClients aws;

    @BeforeAll
    static void setUp(MotoServer moto) {
        config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                ChatConfig.STAGE, "mediaauth"));
        aws = new AwsClients(config);
        TestTables.createAll(aws.dynamoDb(), config);
        store = new MediaStore(aws.dynamoDb(), config, CLOCK);
        S3MediaUrls urls = new S3MediaUrls(S3Clients.presigner(aws), config.bucketName(Resources.MEDIA),
                Duration.ofMinutes(5), CLOCK);
        media = new MediaService(store, urls, urls, MEMBERSHIP,
                new MediaQuota(new dev.chatline.ratelimit.RateLimiter(aws.dynamoDb(), config, CLOCK,
                        dev.chatline.observability.Metrics.NOOP), config),
                Duration.ofDays(30), CLOCK);
        attachments = new MediaAttachments(store, MEMBERSHIP);
    }

    private static String upload(String user) {
        JsonNode reply = Json.read(ProtocolJson.encode(
                media.upload(new Identity(user, "phone"), PNG_UPLOAD), "r1"));
        return reply.path("mediaId").asText();
    }

    private static ErrorCode downloadRefusal(String user, String mediaId) {
        try {
            ProtocolJson.encode(media.download(new Identity(user, "phone"), mediaId));
        } catch (ProtocolException e) {
            return e.code();
        }
        return null;
    }

    @Test
    void theUploadUrlIsBoundToTypeLengthAndChecksum() {
        JsonNode reply = Json.read(ProtocolJson.encode(
                media.upload(new Identity("ann", "phone"), PNG_UPLOAD), "r9"));
        assertThat(reply.path("requestId").asText()).isEqualTo("r9");
        assertThat(reply.path("headers").path("content-type").asText()).isEqualTo("image/png");
        assertThat(reply.path("headers").path("content-length").asText()).isEqualTo("1234");
        assertThat(reply.path("headers").path("x-amz-checksum-sha256").asText()).isEqualTo(DIGEST);
        assertThat(reply.path("url").asText()).contains("X-Amz-SignedHeaders=")
                .contains("content-length").contains("content-type").contains("x-amz-checksum-sha256");
        assertThat(reply.path("expiresAt").asLong()).isEqualTo(CLOCK.millis() + 300_000);
    }

    @Test
    void onlyTheUploaderMayReadMediaThatWasNotSentYet() {
        String id = upload("ann");
        assertThat(downloadRefusal("ann", id)).isNull();
        assertThat(downloadRefusal("ben", id)).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void sendingInAChatLetsItsMembersReadAndForwardButNobodyElse() {
        String id = upload("ann");
        attachments.attach(new Identity("ann", "phone"), "g:team", List.of(id));
        assertThat(store.get(id).orElseThrow().chats()).containsExactly("g:team");
        assertThat(downloadRefusal("ben", id)).isNull();
        assertThat(downloadRefusal("cy", id)).isEqualTo(ErrorCode.FORBIDDEN);

        attachments.attach(new Identity("ben", "laptop"), "d:ben:cy", List.of(id)); // ben forwards to cy
        assertThat(downloadRefusal("cy", id)).isNull();
        assertThatThrownBy(() -> attachments.attach(new Identity("dee", "phone"), "d:cy:dee", List.of(id)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void nothingIsRecordedWhenOneOfTheAttachmentsIsRefused() {
        String mine = upload("ann");
        String theirs = upload("ben");
        assertThatThrownBy(() -> attachments.attach(new Identity("ann", "phone"), "d:ann:cy", List.of(mine, theirs)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> attachments.attach(new Identity("ann", "phone"), "d:ann:cy",
                List.of(mine, "NoSuchMedia")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MEDIA));
        assertThat(store.get(mine).orElseThrow().chats()).isEmpty();
    }

    @Test
    void expiredMediaIsUnknown() {
        MutableClock later = new MutableClock(CLOCK.instant());
        MediaStore laterStore = new MediaStore(aws.dynamoDb(), config, later);
        String id = upload("ann");
        later.advance(Duration.ofDays(31));
        assertThat(laterStore.get(id)).isEmpty();
        assertThat(store.get(id)).isPresent();
    }
}
