package dev.chatline.aws;

import dev.chatline.config.ChatConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The AWS SDK v2 settings of one function, from one {@link ChatConfig}, and its DynamoDB client (every function but
 * the authorizer uses DynamoDB). {@link MessagingClients}, {@link S3Clients} and {@link Secrets} build the other
 * services' clients on the same settings. Build clients once per cold start (in a handler's constructor or static
 * init) and reuse them. With an endpoint override (moto, LocalStack) the clients use that endpoint and, when no
 * credentials are configured, dummy static credentials; without it they use the default credential chain of real
 * AWS. All clients share one URLConnection HTTP client whose reusable connections per endpoint are
 * {@link ChatConfig#httpMaxConnections()}.
 */
public final class AwsClients {
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final ChatConfig config;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient httpClient;

    public AwsClients(ChatConfig config) {
        this(config, List.of());
    }

    /** @param interceptors added to every client (e.g. the benchmark's API call counter) */
    public AwsClients(ChatConfig config, List<ExecutionInterceptor> interceptors) {
        this(config, interceptors, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build());
    }

    private AwsClients(ChatConfig config, List<ExecutionInterceptor> interceptors, SdkHttpClient httpClient) {
        this.config = config;
        this.interceptors = List.copyOf(interceptors);
        keepAliveConnections(config.httpMaxConnections());
        this.httpClient = httpClient;
    }

    /**
     * These settings on an HTTP client that sends nothing and answers every request with {@code body} (status 200):
     * its clients run the whole request path (validation, endpoint, signing, marshalling, interceptors, retries,
     * unmarshalling) without I/O, for SnapStart priming ({@link OfflineCalls}).
     */
    AwsClients offline(String body) {
        return new AwsClients(config, interceptors, CannedResponseHttpClient.builder()
                .responseBody(body.getBytes(StandardCharsets.UTF_8)).statusCode(200).build());
    }

    /**
     * Runs every DynamoDB operation the stores use once, on a client with these settings that sends nothing
     * ({@link #offline}): loads and links the request path before a SnapStart snapshot. Touches no table.
     */
    public void primeDynamoDb() {
        Map<String, AttributeValue> key = Map.of(OfflineCalls.NAME, AttributeValue.fromS(OfflineCalls.NAME));
        String table = OfflineCalls.NAME;
        try (DynamoDbClient ddb = offline(OfflineCalls.DYNAMODB_ITEMS).dynamoDb()) {
            OfflineCalls.run(() -> ddb.getItem(r -> r.tableName(table).key(key).consistentRead(true)));
            OfflineCalls.run(() -> ddb.putItem(r -> r.tableName(table).item(key)
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", "k"))));
            OfflineCalls.run(() -> ddb.updateItem(r -> r.tableName(table).key(key).updateExpression("SET #k = :v")
                    .expressionAttributeNames(Map.of("#k", "k")).expressionAttributeValues(Map.of(":v",
                            AttributeValue.fromN("1"))).returnValues(ReturnValue.ALL_NEW)));
            OfflineCalls.run(() -> ddb.deleteItem(r -> r.tableName(table).key(key)));
            OfflineCalls.run(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("#k = :v")
                    .expressionAttributeNames(Map.of("#k", "k")).expressionAttributeValues(Map.of(":v",
                            AttributeValue.fromS("v"))).limit(1)));
            OfflineCalls.run(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(key).build()))));
            OfflineCalls.run(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
                    List.of(WriteRequest.builder().putRequest(p -> p.item(key)).build())))));
            OfflineCalls.run(() -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                    .put(p -> p.tableName(table).item(key)).build())));
        }
        OfflineCalls.prepare(httpClient, config.awsEndpoint()
                .orElse(URI.create("https://dynamodb." + config.region() + ".amazonaws.com")));
    }

    /**
     * The URLConnection client has no pool of its own: it reuses the JDK's keep-alive connections, at most
     * {@code http.maxConnections} per endpoint (JDK default 5), read once when the first connection is returned.
     * With more concurrent calls than that (the fan-out posts to 16 connections and delivers 10 chats at once) the
     * surplus connections are closed after each call and every later call pays a new TLS handshake. The property is
     * JVM-wide and must be set before the first call: set here, at cold start, unless it is set already.
     */
    static void keepAliveConnections(int max) {
        if (max > 0 && System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(max));
        }
    }

    public ChatConfig config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder()).httpClient(httpClient).build();
    }

    /**
     * Region, credentials, interceptors and endpoint override of every client, for the factories of the services
     * only some functions use ({@link MessagingClients}, {@link S3Clients}, {@link Secrets}): they are kept out of
     * this class so that a function's artifact needs only the SDK modules it calls (docs/architecture.md,
     * "Packaging").
     */
    <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(Region.of(config.region())).credentialsProvider(credentials());
        builder.overrideConfiguration(overrides());
        config.awsEndpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder();
        interceptors.forEach(b::addExecutionInterceptor);
        return b.build();
    }

    /** The HTTP client all clients of this instance share. */
    SdkHttpClient httpClient() {
        return httpClient;
    }

    AwsCredentialsProvider credentials() {
        boolean local = config.awsEndpoint().isPresent();
        boolean hasKeys = System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null;
        return local && !hasKeys ? LOCAL_CREDENTIALS : DefaultCredentialsProvider.builder().build();
    }
}
