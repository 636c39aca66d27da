package dev.chatline.config;

import dev.chatline.schema.BucketDef;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.QueueShards;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.TopicDef;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Configuration of a function or of the local runtime. Every value is read from an environment variable of the
 * same name, falling back to a JVM system property (the local runtime hosts all functions in one JVM and sets
 * system properties, because a process cannot change its own environment). While the local runtime constructs a
 * function with an environment of its own, {@link #fromEnvironment()} reads that instead
 * ({@link LocalFunctionEnvironment}, never inside Lambda).
 *
 * <p>The one setting that chooses the AWS endpoints is {@value #AWS_ENDPOINT}: empty means real AWS with the
 * default credential chain; {@code http://127.0.0.1:PORT} means the embedded emulator; {@code
 * http://localhost:4566} means LocalStack.
 */
public final class ChatConfig {
    public static final String STAGE = "CHATLINE_STAGE";
    public static final String AWS_ENDPOINT = "CHATLINE_AWS_ENDPOINT";
    public static final String REGION = "AWS_REGION";
    public static final String CONNECTIONS_ENDPOINT = "CHATLINE_CONNECTIONS_ENDPOINT";
    public static final String MESSAGE_RETENTION_DAYS = "CHATLINE_MESSAGE_RETENTION_DAYS";
    /**
     * Seconds a connection row lives after connect (default 7,260: API Gateway's 2-hour maximum connection
     * duration plus a minute of slack). Heartbeats do not extend it: API Gateway answers them itself.
     */
    public static final String CONNECTION_TTL_SECONDS = "CHATLINE_CONNECTION_TTL_SECONDS";
    /**
     * Connections the AWS SDK clients keep open for reuse per endpoint (default 64). Must cover the fan-out's
     * concurrent calls (its chats in parallel plus its posting threads), or every call beyond it opens a new TLS
     * connection. Applied through the JDK's {@code http.maxConnections} (the URLConnection client's keep-alive
     * cache) unless that system property is set already.
     */
    public static final String HTTP_MAX_CONNECTIONS = "CHATLINE_HTTP_MAX_CONNECTIONS";
    /** JWKS URL of the token issuer, e.g. a Cognito user pool's {@code .../.well-known/jwks.json}. */
    public static final String JWKS_URL = "CHATLINE_JWKS_URL";
    /** Required {@code iss} of access tokens. */
    public static final String JWT_ISSUER = "CHATLINE_JWT_ISSUER";
    /** Required audience: the {@code aud} claim, or Cognito's {@code client_id} claim of access tokens. */
    public static final String JWT_AUDIENCE = "CHATLINE_JWT_AUDIENCE";
    /** Name of the claim carrying the device id (default {@code device_id}). */
    public static final String JWT_DEVICE_CLAIM = "CHATLINE_JWT_DEVICE_CLAIM";
    /** ARN of the Secrets Manager secret holding the Firebase service-account JSON (push sender). */
    public static final String FIREBASE_SECRET_ARN = "CHATLINE_FIREBASE_SECRET_ARN";

    /**
     * Local runtime only: base URL that replaces {@code https://fcm.googleapis.com} for the Firebase Admin SDK
     * (the local FCM endpoint). When set, the push function uses a token that makes no network call instead of
     * the service account.
     */
    public static final String FCM_ENDPOINT = "CHATLINE_FCM_ENDPOINT";
    /** Firebase project id used with {@link #FCM_ENDPOINT} (default {@code chatline-local}). */
    public static final String FCM_PROJECT_ID = "CHATLINE_FCM_PROJECT_ID";
    /** Seconds during which a device gets at most one push per chat while it stays offline (default 60). */
    public static final String PUSH_WINDOW_SECONDS = "CHATLINE_PUSH_WINDOW_SECONDS";
    /** Lifetime of presigned media upload/download URLs in seconds (default 300). */
    public static final String MEDIA_URL_TTL_SECONDS = "CHATLINE_MEDIA_URL_TTL_SECONDS";
    /** CloudFront domain of the media distribution; with a key pair id and key, downloads are CloudFront URLs. */
    public static final String MEDIA_CDN_DOMAIN = "CHATLINE_MEDIA_CDN_DOMAIN";
    /** Id of the CloudFront public key (in the distribution's key group) that signs download URLs. */
    public static final String MEDIA_CDN_KEY_ID = "CHATLINE_MEDIA_CDN_KEY_ID";
    /** ARN of the Secrets Manager secret holding the PEM private key of {@link #MEDIA_CDN_KEY_ID}. */
    public static final String MEDIA_CDN_KEY_SECRET_ARN = "CHATLINE_MEDIA_CDN_KEY_SECRET_ARN";

    private final Function<String, String> source;

    private ChatConfig(Function<String, String> source) {
        this.source = source;
    }

    /**
     * Environment variables, then system properties; or, while the local runtime binds a hosted function's own
     * environment on this thread ({@link LocalFunctionEnvironment}), exactly that environment.
     */
    public static ChatConfig fromEnvironment() {
        Map<String, String> hosted = LocalFunctionEnvironment.bound();
        if (hosted != null) {
            return of(hosted);
        }
        return new ChatConfig(key -> {
            String v = System.getenv(key);
            return v != null ? v : System.getProperty(key);
        });
    }

    /** Fixed values (tests). */
    public static ChatConfig of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new ChatConfig(copy::get);
    }

    /** This configuration with {@code overrides} in front (tests: one deployment with other limits). */
    public ChatConfig with(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        ChatConfig behind = this;
        return new ChatConfig(key -> copy.containsKey(key) ? copy.get(key) : behind.get(key).orElse(null));
    }

    public Optional<String> get(String key) {
        String v = source.apply(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("missing configuration " + key));
    }

    public String stage() {
        return get(STAGE).orElse("local");
    }

    public String region() {
        return get(REGION).orElse("us-east-1");
    }

    /** Endpoint override for DynamoDB/SQS/SNS/S3, empty for real AWS. */
    public Optional<URI> awsEndpoint() {
        return get(AWS_ENDPOINT).map(URI::create);
    }

    /** The API Gateway {@code @connections} endpoint, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod}. */
    public URI connectionsEndpoint() {
        return URI.create(require(CONNECTIONS_ENDPOINT));
    }

    public Duration messageRetention() {
        return Duration.ofDays(get(MESSAGE_RETENTION_DAYS).map(Long::parseLong).orElse(30L));
    }

    /** How long after connect a connection row expires, unless {@code $disconnect} or a 410 deletes it first. */
    public Duration connectionTtl() {
        return Duration.ofSeconds(get(CONNECTION_TTL_SECONDS).map(Long::parseLong).orElse(7_260L));
    }

    /** {@link #HTTP_MAX_CONNECTIONS}. */
    public int httpMaxConnections() {
        return get(HTTP_MAX_CONNECTIONS).map(Integer::parseInt).orElse(64);
    }

    public String tableName(TableDef table) {
        return table.physicalName(stage());
    }

    /** The queue's URL; a shard's follows from shard 0's ({@link QueueShards#shardUrl}). */
    public String queueUrl(QueueDef queue) {
        String url = require(queue.urlEnvVar());
        return queue.shard() == 0 ? url : QueueShards.shardUrl(url, queue.physicalName(stage()));
    }

    /** The number of shards of a sharded queue ({@link QueueDef#shardCountEnvVar()}, default 1), else 1. */
    public int shardCount(QueueDef queue) {
        int count = queue.shardCountEnvVar().flatMap(this::get).map(Integer::parseInt).orElse(1);
        if (count < 1 || count > QueueShards.MAX_SHARDS) {
            throw new IllegalStateException(queue.shardCountEnvVar().orElseThrow() + " must be 1.."
                    + QueueShards.MAX_SHARDS + ": " + count);
        }
        return count;
    }

    public String topicArn(TopicDef topic) {
        return require(topic.arnEnvVar());
    }

    public String bucketName(BucketDef bucket) {
        return get(bucket.nameEnvVar()).orElseGet(() -> bucket.localName(stage()));
    }
}
