package dev.chatline.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Discovery: {@code GET https://<domain>/cells/<cell>} answers {@code {"cell":"a","url":"wss://..."}}
 * (docs/client.md). A static map: one small JSON object per cell, {@code cells/<cell>}, in a private bucket behind a
 * CloudFront distribution (Origin Access Control). Chosen over an HTTP API and a function because the answer only
 * changes when a cell is deployed: static objects cost a few cents a month and have no cold start, no code and no
 * concurrency to share. A cell's WebSocket URL is only known once its stack exists (API ids are random), so the
 * objects are published after the cells are deployed ({@code scripts/publish-cells.sh}, docs/operations.md, "Cells"),
 * with {@code Cache-Control: max-age=60} so a republished map is seen within a minute.
 */
public final class DiscoveryMap extends Construct {
    /** The key prefix of the per-cell objects, and the path clients request. */
    public static final String PREFIX = "cells/";

    private final Bucket bucket;
    private final Distribution distribution;

    public DiscoveryMap(Construct scope, String id, ChatlineSettings settings) {
        super(scope, id);
        Bucket logs = MediaStorage.accessLogBucket(this, settings);
        bucket = Bucket.Builder.create(this, "MapBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("s3/discovery/")
                .removalPolicy(settings.statefulRemovalPolicy())
                .autoDeleteObjects(!settings.production())
                .build();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Chatline " + settings.stage() + " cell discovery (GET /cells/<cell>)")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED) // honours the objects' max-age=60
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix("cloudfront/discovery/")
                .build();
        Nag.suppress(distribution, "AwsSolutions-CFR1", "Discovery serves clients in every country the chat "
                + "serves; the map only names each cell's public WebSocket URL, nothing to geo-restrict.");
        Nag.suppress(distribution, "AwsSolutions-CFR2", "The distribution serves a few static, cached JSON "
                + "objects with GET/HEAD; there is no application logic for a WAF to protect. Operators who want "
                + "rate-based rules can attach a web ACL (docs/operations.md).");
        Nag.suppress(distribution, "AwsSolutions-CFR4", "The distribution uses the default *.cloudfront.net "
                + "certificate, whose security policy CloudFront fixes at TLSv1; a custom domain with an ACM "
                + "certificate and TLSv1.2_2021 is an operator choice (docs/operations.md).");
        output("DiscoveryBucketName", bucket.getBucketName(), "where scripts/publish-cells.sh writes cells/<cell>");
        output("DiscoveryUrl", "https://" + distribution.getDistributionDomainName() + "/" + PREFIX,
                "clients GET <this><cell>");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(software.amazon.awscdk.Stack.of(this), id).value(value).description(description)
                .build();
    }

    public Bucket bucket() {
        return bucket;
    }

    public Distribution distribution() {
        return distribution;
    }
}
