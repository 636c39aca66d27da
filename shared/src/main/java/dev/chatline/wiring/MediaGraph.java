package dev.chatline.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.groups.GroupMembership;
import dev.chatline.media.CloudFrontDownloadUrls;
import dev.chatline.media.DownloadUrls;
import dev.chatline.media.MediaQuota;
import dev.chatline.media.MediaService;
import dev.chatline.media.MediaStore;
import dev.chatline.media.S3MediaUrls;
import dev.chatline.ratelimit.RouteGuard;
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
 * The object graph of the media service and its route limits (one per function instance, on one DynamoDB client;
 * tests build it on the emulator's clients). Downloads use CloudFront signed URLs when
 * {@value ChatConfig#MEDIA_CDN_DOMAIN}, {@value ChatConfig#MEDIA_CDN_KEY_ID} and
 * {@value ChatConfig#MEDIA_CDN_KEY_SECRET_ARN} are all set, else presigned S3 GETs (locally, and on AWS until an
 * operator configures a key group).
 */
public final class MediaGraph {
    private final GraphBase base;

    public MediaGraph(GraphBase base) {
        this.base = base;
    }

    public MediaService mediaService() {
        AwsClients aws = base.aws();
        ChatConfig config = aws.config();
        DynamoDbClient ddb = base.ddb();
        Clock clock = base.clock();
        Duration ttl = Duration.ofSeconds(config.get(ChatConfig.MEDIA_URL_TTL_SECONDS).map(Long::parseLong)
                .orElse(300L));
        S3MediaUrls s3 = new S3MediaUrls(S3Clients.presigner(aws), config.bucketName(Resources.MEDIA), ttl, clock);
        DownloadUrls downloads = cloudFront(aws, ttl, clock).orElse(s3);
        return new MediaService(new MediaStore(ddb, config, clock), s3, downloads,
                new GroupMembership(new GroupMemberStore(ddb, config)),
                new MediaQuota(base.rateLimiter(), config), config.messageRetention(),
                clock);
    }

    /** The linked-device check and the route limits a media route takes first. */
    public RouteGuard routeGuard() {
        return base.routeGuard();
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
