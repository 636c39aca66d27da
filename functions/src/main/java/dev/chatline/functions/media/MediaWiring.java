package dev.chatline.functions.media;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.groups.GroupMembership;
import dev.chatline.media.CloudFrontDownloadUrls;
import dev.chatline.media.DownloadUrls;
import dev.chatline.media.MediaQuota;
import dev.chatline.media.MediaService;
import dev.chatline.media.MediaStore;
import dev.chatline.media.S3MediaUrls;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.observability.Metrics;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.devices.LinkedDeviceGuard;
import dev.chatline.schema.Resources;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the media service and the route limits of one function instance (cold start), on one DynamoDB client. Downloads use CloudFront signed URLs when
 * {@value ChatConfig#MEDIA_CDN_DOMAIN}, {@value ChatConfig#MEDIA_CDN_KEY_ID} and
 * {@value ChatConfig#MEDIA_CDN_KEY_SECRET_ARN} are all set, else presigned S3 GETs (locally, and on AWS until an
 * operator configures a key group).
 */
public final class MediaWiring {
    private MediaWiring() {
    }

    /** What a media function runs: the service, and the limits its route takes first. */
    public record Services(MediaService media, RouteGuard guard) {
    }

    public static Services fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("media", SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> S3Clients.primePresigner(aws));
        DynamoDbClient ddb = aws.dynamoDb();
        Clock clock = Clock.systemUTC();
        Metrics metrics = Telemetry.process().metrics();
        return new Services(mediaService(aws, ddb, clock, new GroupMembership(new GroupMemberStore(ddb, aws.config())),
                metrics), LinkedDeviceGuard.on(ddb, aws.config(), clock, metrics));
    }

    public static MediaService mediaService(AwsClients aws, DynamoDbClient ddb, Clock clock,
                                            ChatMembership membership, Metrics metrics) {
        ChatConfig config = aws.config();
        Duration ttl = Duration.ofSeconds(config.get(ChatConfig.MEDIA_URL_TTL_SECONDS).map(Long::parseLong)
                .orElse(300L));
        S3MediaUrls s3 = new S3MediaUrls(S3Clients.presigner(aws), config.bucketName(Resources.MEDIA), ttl, clock);
        DownloadUrls downloads = cloudFront(aws, ttl, clock).orElse(s3);
        return new MediaService(new MediaStore(ddb, config, clock), s3, downloads, membership,
                new MediaQuota(new RateLimiter(ddb, config, clock, metrics), config), config.messageRetention(), clock);
    }

    private static Optional<DownloadUrls> cloudFront(AwsClients aws, Duration ttl, Clock clock) {
        ChatConfig c = aws.config();
        Optional<String> domain = c.get(ChatConfig.MEDIA_CDN_DOMAIN);
        Optional<String> keyId = c.get(ChatConfig.MEDIA_CDN_KEY_ID);
        Optional<String> secret = c.get(ChatConfig.MEDIA_CDN_KEY_SECRET_ARN);
        if (domain.isEmpty() || keyId.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        String pem = Secrets.read(aws, secret.get());
        return Optional.of(new CloudFrontDownloadUrls(domain.get(), keyId.get(), privateKey(pem), ttl, clock));
    }

    /** An RSA private key from PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    static PrivateKey privateKey(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the CloudFront signing key secret is not a PKCS#8 RSA key"); // no key text
        }
    }
}
