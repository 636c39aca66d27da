package dev.chatline.aws;

import java.time.Duration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 clients on the settings of an {@link AwsClients}; with an endpoint override (moto, LocalStack) they address
 * buckets path-style on that endpoint. Separate from {@link AwsClients} so that only the artifacts of functions
 * that use S3 (media, and the local provisioning) need the S3 module of the SDK.
 */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client s3(AwsClients aws) {
        return aws.configure(S3Client.builder()).httpClient(aws.httpClient())
                .forcePathStyle(aws.config().awsEndpoint().isPresent()).build();
    }

    /** Presigns S3 URLs (no HTTP calls). */
    public static S3Presigner presigner(AwsClients aws) {
        S3Presigner.Builder b = S3Presigner.builder().region(Region.of(aws.config().region()))
                .credentialsProvider(aws.credentials());
        aws.config().awsEndpoint().ifPresent(e -> b.endpointOverride(e)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return b.build();
    }

    /**
     * Presigns an upload and a download once (no I/O either way): loads and links the presigner's code before a
     * SnapStart snapshot.
     */
    public static void primePresigner(AwsClients aws) {
        String name = OfflineCalls.NAME;
        try (S3Presigner presigner = presigner(aws)) {
            OfflineCalls.run(() -> presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(1))
                    .putObjectRequest(p -> p.bucket(name).key(name).contentType("image/jpeg").contentLength(1L)
                            .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256("AAAA"))));
            OfflineCalls.run(() -> presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(1))
                    .getObjectRequest(g -> g.bucket(name).key(name))));
        }
    }
}
