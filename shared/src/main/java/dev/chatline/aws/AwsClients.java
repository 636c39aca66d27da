package dev.chatline.aws;

import dev.chatline.config.ChatConfig;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
        this.config = config;
        this.interceptors = List.copyOf(interceptors);
        keepAliveConnections(config.httpMaxConnections());
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
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
