package dev.chatline.infra;

import dev.chatline.schema.BucketDef;
import dev.chatline.schema.Resources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The S3 buckets from {@link Resources#BUCKETS} (private, encrypted, TLS only, objects expire with the message
 * retention, CORS for presigned PUT/GET from browsers, server access logs), a log bucket for S3 and CloudFront
 * access logs, and a CloudFront distribution in front of the media bucket that reads it through an Origin
 * Access Control (the bucket stays private). Media objects are ciphertext under unguessable keys.
 */
public final class MediaStorage extends Construct {
    private static final int ACCESS_LOG_RETENTION_DAYS = 90;

    private final Bucket logBucket;
    private final Map<BucketDef, Bucket> buckets = new LinkedHashMap<>();
    private final Distribution distribution;
    private final Optional<PublicKey> signingKey;

    public MediaStorage(Construct scope, String id, ChatlineSettings settings) {
        super(scope, id);
        logBucket = accessLogBucket(this, settings);

        for (BucketDef def : Resources.BUCKETS) {
            buckets.put(def, createBucket(def, settings));
        }
        Bucket media = bucket(Resources.MEDIA);
        // With a signing key, the distribution only serves CloudFront signed URLs (mediaDownload issues them).
        signingKey = settings.mediaSigning().map(s -> PublicKey.Builder.create(this, "MediaSigningKey")
                .encodedKey(s.publicKeyPem())
                .comment("Chatline " + settings.stage() + " media download URLs")
                .build());
        BehaviorOptions.Builder behavior = BehaviorOptions.builder()
                .origin(S3BucketOrigin.withOriginAccessControl(media))
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                .cachePolicy(CachePolicy.CACHING_OPTIMIZED);
        signingKey.ifPresent(key -> behavior.trustedKeyGroups(List.of(KeyGroup.Builder.create(this,
                "MediaKeyGroup").items(List.of(key)).build())));
        distribution = Distribution.Builder.create(this, "MediaDistribution")
                .comment("Chatline " + settings.stage() + " media (ciphertext blobs)")
                .defaultBehavior(behavior.build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableLogging(true)
                .logBucket(logBucket)
                .logFilePrefix("cloudfront/" + Resources.MEDIA.logicalName() + "/")
                .build();
        Nag.suppress(distribution, "AwsSolutions-CFR1", "A chat service serves its users in every country; "
                + "objects are end-to-end encrypted blobs, so there is no content to geo-restrict.");
        Nag.suppress(distribution, "AwsSolutions-CFR2", "The distribution only serves immutable ciphertext blobs "
                + "by unguessable key with GET/HEAD and caching; there is no application logic for a WAF to protect. "
                + "Operators who want rate-based rules can attach a web ACL (docs/operations.md).");
        Nag.suppress(distribution, "AwsSolutions-CFR4", "The distribution uses the default *.cloudfront.net "
                + "certificate, whose security policy CloudFront fixes at TLSv1; a custom domain with an ACM "
                + "certificate and TLSv1.2_2021 is an operator choice (docs/operations.md). Blobs are encrypted "
                + "end to end, so transport security is not their only protection.");
    }

    /**
     * The bucket {@code AccessLogBucket} under {@code scope}: S3 server access logs and CloudFront standard logs,
     * expiring after {@value #ACCESS_LOG_RETENTION_DAYS} days.
     */
    static Bucket accessLogBucket(Construct scope, ChatlineSettings settings) {
        Bucket logs = Bucket.Builder.create(scope, "AccessLogBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                // CloudFront standard logging writes with ACLs, so ACLs must not be disabled on this bucket.
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(ACCESS_LOG_RETENTION_DAYS)).build()))
                .removalPolicy(settings.statefulRemovalPolicy())
                .autoDeleteObjects(!settings.production())
                .build();
        Nag.suppress(logs, "AwsSolutions-S1", "This is the access-log destination of the other buckets and "
                + "of CloudFront; logging it into itself would log its own log deliveries without end.");
        return logs;
    }

    private Bucket createBucket(BucketDef def, ChatlineSettings settings) {
        String id = DataTables.constructId(def.logicalName()) + "Bucket";
        return Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-objects")
                        .expiration(Duration.days(def.objectExpiry().toDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(settings.mediaCorsOrigins())
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .serverAccessLogsBucket(logBucket)
                .serverAccessLogsPrefix("s3/" + def.logicalName() + "/")
                .removalPolicy(settings.statefulRemovalPolicy())
                .autoDeleteObjects(!settings.production())
                .build();
    }

    public Bucket bucket(BucketDef def) {
        Bucket bucket = buckets.get(def);
        if (bucket == null) {
            throw new IllegalArgumentException("no bucket " + def.logicalName() + " (not in Resources.BUCKETS)");
        }
        return bucket;
    }

    public Map<BucketDef, Bucket> buckets() {
        return Collections.unmodifiableMap(buckets);
    }

    public Distribution distribution() {
        return distribution;
    }

    /** The CloudFront public key that signs download URLs, when media signing is configured. */
    public Optional<PublicKey> signingKey() {
        return signingKey;
    }
}
