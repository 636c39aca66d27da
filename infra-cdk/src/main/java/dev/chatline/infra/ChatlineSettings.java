package dev.chatline.infra;

import dev.chatline.functions.catalog.Artifact;
import dev.chatline.schema.Naming;
import dev.chatline.schema.QueueShards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * Deployment parameters, read from CDK context ({@code cdk.json} defaults, {@code cdk deploy -c key=value}
 * overrides). Every key is documented in {@code docs/operations.md}.
 *
 * @param stage deployment stage: the WebSocket stage name and the {@code <stage>} in every physical name
 * @param production deletion protection and RETAIN on stateful resources (tables, bucket, user pool, secret)
 * @param functionsArtifacts the directory holding the functions' artifacts, one jar per {@link Artifact}
 * @param externalJwt a JWT issuer other than the Cognito user pool this stack would create
 * @param throttle the stage's WebSocket request rate and burst (its share of the account's API Gateway quota)
 * @param logRetentionDays retention of every log group the stack creates
 * @param alarmEmail an address subscribed to the alarm topic, if any
 * @param mediaCorsOrigins origins allowed to PUT/GET media with presigned URLs (browser clients)
 * @param lambdaConcurrency the Lambda concurrency the stack may use (the account-region quota): see
 *        {@link CapacityPlan}
 * @param warmThroughput pre-warmed throughput of the message-path tables, if any
 * @param limits per-user limits that differ from the functions' defaults (docs/protocol.md, "Limits"): environment
 *        variables of every function, from {@code -c limits=KEY=VALUE,KEY=VALUE}
 * @param fanoutShards shards of the fan-out queue ({@code -c fanoutShards=N}, 1..{@value QueueShards#MAX_SHARDS},
 *        default 1): N FIFO queues, each with its event source mapping; shard 0 keeps the unsharded queue's names
 * @param cell the cell this stack is, in a multi-cell deployment ({@code -c cells=...}, {@link CellTopology});
 *        empty for a single-cell deployment (then {@code stage} is the deployment's stage, otherwise the cell's
 *        {@code <stage>-<cell>})
 */
public record ChatlineSettings(String stage, boolean production, Path functionsArtifacts,
                               Optional<ExternalJwt> externalJwt,
                               Throttle throttle, int logRetentionDays, Optional<String> alarmEmail,
                               List<String> mediaCorsOrigins, Optional<MediaSigning> mediaSigning,
                               int lambdaConcurrency, Optional<WarmThroughput> warmThroughput,
                               Map<String, String> limits, int fanoutShards, Optional<CellPlacement> cell) {

    public static final String DEFAULT_STAGE = "prod";
    /** Where {@code ./mvnw -pl functions -am package} writes the artifacts, seen from the infra-cdk directory. */
    public static final String DEFAULT_FUNCTIONS_ARTIFACTS = "../functions/target/" + Artifact.DIRECTORY;
    /** The retention periods CloudWatch Logs accepts. */
    private static final Map<Integer, RetentionDays> RETENTION = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1827, RetentionDays.FIVE_YEARS),
            Map.entry(3653, RetentionDays.TEN_YEARS));
    /**
     * Builds the artifacts from the current sources. {@code cdk synth} and {@code cdk deploy} run it themselves
     * (cdk.json's app command builds the reactor, the catalog included, before it synthesizes).
     */
    static final String BUILD_HINT = "./mvnw -pl functions -am package -DskipTests";
    private static final java.util.regex.Pattern LIMIT_KEY = java.util.regex.Pattern.compile(
            "CHATLINE_[A-Z_]+_RATE_(PERMITS|WINDOW_SECONDS)|CHATLINE_MEDIA_DAILY_BYTES");
    /** The context key of the single jar every function used to deploy, replaced by functionsArtifacts. */
    static final String OLD_JAR_KEY = "functionsJar";

    /** Issuer settings for tokens not issued by the stack's own Cognito user pool. */
    public record ExternalJwt(String jwksUrl, String issuer, String audience) {
    }

    /**
     * CloudFront signed download URLs: the public key (PEM) goes into a key group the media distribution trusts;
     * the matching PKCS#8 private key is in a Secrets Manager secret the operator created.
     */
    public record MediaSigning(String publicKeyPem, String privateKeySecretArn) {
    }

    /** Which cell of which topology a stage stack is. */
    public record CellPlacement(CellTopology topology, CellTopology.Cell cell) {
        /** The other cells. */
        public List<CellTopology.Cell> peers() {
            return topology.peersOf(cell);
        }

        /** The peers' accounts other than this cell's own: the principals of its resource policies. */
        public Set<String> foreignPeerAccounts() {
            return topology.foreignPeerAccounts(cell);
        }

        /** The cell configuration of every function of this cell ({@link CellTopology#environment}). */
        public Map<String, String> environment() {
            return topology.environment(cell);
        }
    }

    /** Stage-wide steady-state rate (requests/s) and burst. */
    public record Throttle(double rateLimit, int burstLimit) {
        public Throttle {
            if (rateLimit <= 0 || burstLimit <= 0) {
                throw new IllegalArgumentException("throttleRateLimit and throttleBurstLimit must be positive");
            }
        }
    }

    /**
     * Read and write units per second a new on-demand table can serve from its first second (DynamoDB warm
     * throughput; a one-time charge). Context {@code tableWarmThroughput=READ:WRITE}, e.g. {@code 40000:20000}.
     */
    public record WarmThroughput(long readUnitsPerSecond, long writeUnitsPerSecond) {
        static WarmThroughput parse(String value) {
            String[] parts = value.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("tableWarmThroughput must be READ:WRITE units per second, "
                        + "e.g. 40000:20000: " + value);
            }
            return new WarmThroughput(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
        }
    }

    public ChatlineSettings {
        Naming.resourceName(stage, "check"); // validates the stage (lower case, ≤ 20 chars)
        if (!RETENTION.containsKey(logRetentionDays)) {
            throw new IllegalArgumentException("logRetentionDays must be one of the CloudWatch Logs values "
                    + RETENTION.keySet() + ": " + logRetentionDays);
        }
        mediaCorsOrigins = List.copyOf(mediaCorsOrigins);
        limits = Map.copyOf(limits);
        if (fanoutShards < 1 || fanoutShards > QueueShards.MAX_SHARDS) {
            throw new IllegalArgumentException("fanoutShards must be 1.." + QueueShards.MAX_SHARDS + ": "
                    + fanoutShards);
        }
    }

    /** Reads the settings from the construct tree's context (values may be strings, numbers or booleans). */
    public static ChatlineSettings fromContext(Node node) {
        Function<String, Optional<String>> ctx = key -> Optional.ofNullable(node.tryGetContext(key))
                .map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty());
        if (ctx.apply(OLD_JAR_KEY).isPresent()) {
            throw new IllegalArgumentException("the context value " + OLD_JAR_KEY + " is gone: every function now "
                    + "deploys its own artifact; point functionsArtifacts at the directory that holds them "
                    + "(default " + DEFAULT_FUNCTIONS_ARTIFACTS + ")");
        }
        return new ChatlineSettings(
                ctx.apply("stage").orElse(DEFAULT_STAGE),
                ctx.apply("production").map(Boolean::parseBoolean).orElse(false),
                Path.of(ctx.apply("functionsArtifacts").orElse(DEFAULT_FUNCTIONS_ARTIFACTS)),
                externalJwt(ctx),
                new Throttle(ctx.apply("throttleRateLimit").map(Double::parseDouble).orElse(10_000.0),
                        ctx.apply("throttleBurstLimit").map(ChatlineSettings::parseInt).orElse(5_000)),
                ctx.apply("logRetentionDays").map(ChatlineSettings::parseInt).orElse(30),
                ctx.apply("alarmEmail"),
                Arrays.stream(ctx.apply("mediaCorsOrigins").orElse("*").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                mediaSigning(ctx),
                ctx.apply("lambdaConcurrency").map(ChatlineSettings::parseInt).orElse(1_000),
                ctx.apply("tableWarmThroughput").filter(v -> !"off".equals(v)).map(WarmThroughput::parse),
                limits(ctx.apply("limits").orElse("")),
                ctx.apply("fanoutShards").map(ChatlineSettings::parseInt).orElse(1), Optional.empty());
    }

    /** The cells the context names ({@code -c cells=...}); empty for a single-cell deployment. */
    public static Optional<CellTopology> cellsFromContext(Node node, ChatlineSettings settings) {
        return CellTopology.parse(settings.stage(), Optional.ofNullable(node.tryGetContext(CellTopology.CONTEXT_KEY))
                .map(String::valueOf));
    }

    /** These settings for one cell's stage stack: stage {@code <stage>-<cell>}, everything else the same. */
    public ChatlineSettings forCell(CellTopology topology, CellTopology.Cell cell) {
        if (this.cell.isPresent()) {
            throw new IllegalStateException("these settings are already cell " + this.cell.get().cell().name()
                    + "'s (stage " + stage + ")");
        }
        return new ChatlineSettings(topology.cellStage(cell), production, functionsArtifacts, externalJwt, throttle,
                logRetentionDays, alarmEmail, mediaCorsOrigins, mediaSigning, lambdaConcurrency, warmThroughput,
                limits, fanoutShards, Optional.of(new CellPlacement(topology, cell)));
    }

    /**
     * {@code KEY=VALUE,...}: only limit settings ({@code CHATLINE_*_RATE_PERMITS}, {@code CHATLINE_*_RATE_WINDOW_SECONDS},
     * {@code CHATLINE_MEDIA_DAILY_BYTES}), each a positive integer, so the context cannot change anything else.
     */
    static Map<String, String> limits(String value) {
        Map<String, String> limits = new java.util.TreeMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            String key = kv[0].trim();
            if (kv.length != 2 || !LIMIT_KEY.matcher(key).matches() || !kv[1].trim().matches("[1-9][0-9]{0,18}")) {
                throw new IllegalArgumentException("limits must be KEY=VALUE pairs of limit settings "
                        + "(CHATLINE_*_RATE_PERMITS, CHATLINE_*_RATE_WINDOW_SECONDS, CHATLINE_MEDIA_DAILY_BYTES) with "
                        + "positive integers, e.g. CHATLINE_RECEIPT_RATE_PERMITS=2000: " + entry);
            }
            limits.put(key, kv[1].trim());
        }
        return limits;
    }

    private static Optional<MediaSigning> mediaSigning(Function<String, Optional<String>> ctx) {
        Optional<String> publicKey = ctx.apply("mediaSigningPublicKey");
        Optional<String> secretArn = ctx.apply("mediaSigningKeySecretArn");
        if (publicKey.isPresent() != secretArn.isPresent()) {
            throw new IllegalArgumentException("CloudFront media signing needs both context values "
                    + "mediaSigningPublicKey and mediaSigningKeySecretArn (or neither)");
        }
        return publicKey.map(k -> new MediaSigning(k, secretArn.get()));
    }

    private static Optional<ExternalJwt> externalJwt(Function<String, Optional<String>> ctx) {
        Optional<String> jwks = ctx.apply("jwksUrl");
        Optional<String> issuer = ctx.apply("jwtIssuer");
        Optional<String> audience = ctx.apply("jwtAudience");
        if (jwks.isEmpty() && issuer.isEmpty() && audience.isEmpty()) {
            return Optional.empty();
        }
        if (jwks.isEmpty() || issuer.isEmpty() || audience.isEmpty()) {
            throw new IllegalArgumentException("an external token issuer needs all three context values "
                    + "jwksUrl, jwtIssuer and jwtAudience (or none of them, to use the stack's Cognito user pool)");
        }
        return Optional.of(new ExternalJwt(jwks.get(), issuer.get(), audience.get()));
    }

    private static int parseInt(String s) {
        return (int) Double.parseDouble(s); // "500" or 500.0 from JSON
    }

    /** Physical name {@code chatline-<stage>-<logical>}, the scheme the functions compute from CHATLINE_STAGE. */
    public String name(String logicalName) {
        return Naming.resourceName(stage, logicalName);
    }

    public RetentionDays logRetention() {
        return RETENTION.get(logRetentionDays);
    }

    /** RETAIN in production, DESTROY otherwise (stateful resources). */
    public RemovalPolicy statefulRemovalPolicy() {
        return production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /**
     * The jar of one artifact, checked to exist: synthesis fails with a message naming the build command otherwise.
     */
    public Path requireArtifact(Artifact artifact) {
        Path jar = functionsArtifacts.resolve(artifact.fileName());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The functions artifact " + jar.toAbsolutePath().normalize()
                    + " does not exist. cdk synth and cdk deploy build it (see cdk.json); to build it yourself, run "
                    + "from the repository root: " + BUILD_HINT + " (or point the context value functionsArtifacts "
                    + "at the directory holding the artifacts: -c functionsArtifacts=DIR)");
        }
        return jar;
    }
}
