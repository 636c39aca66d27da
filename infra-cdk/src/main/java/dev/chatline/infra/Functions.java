package dev.chatline.infra;

import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.functions.observability.EmfMetrics;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.schema.Resources;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.AssetCode;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * One Lambda function per {@link FunctionDef} in {@link FunctionCatalog#ALL}: Java 21 on arm64, the jar of its
 * catalog {@link Artifact} (one asset per artifact), SnapStart on published versions behind the alias
 * {@value #ALIAS} (every trigger points at the alias), active X-Ray tracing, an explicit log group with retention,
 * its own role with exactly the grants of its access list, and the queue/topic triggers of the catalog. Route and
 * authorizer triggers are wired by {@link ChatWebSocketApi}; a {@link Trigger.Invoke} function has no trigger here,
 * only, in a cell, a resource policy letting the peer cells' accounts invoke its alias ({@link PeerCells}). In a
 * cell every function gets the cell's configuration ({@link CellTopology#environment}).
 */
public final class Functions extends Construct {
    public static final String ALIAS = "live";
    public static final Runtime RUNTIME = Runtime.JAVA_21;
    /** C1 only: the fastest start for short handlers (SnapStart restores an already initialised JVM). */
    public static final String JAVA_TOOL_OPTIONS = FunctionCatalog.JAVA_TOOL_OPTIONS;

    /** A deployed function: its definition, the function, the alias triggers use, and its role. */
    public record Deployed(FunctionDef def, Function function, Alias alias, Role role) {
    }

    private final Map<FunctionDef, Deployed> functions = new LinkedHashMap<>();

    /** @param catalog the functions to create, {@link FunctionCatalog#ALL} but in tests */
    public Functions(Construct scope, String id, ChatlineSettings settings, AccessGrants grants, Auth auth,
                     Messaging messaging, CapacityPlan capacity, List<FunctionDef> catalog) {
        super(scope, id);
        Map<Artifact, AssetCode> code = new EnumMap<>(Artifact.class);
        if (capacity.reservationsSkipped()) {
            Annotations.of(this).addWarningV2("chatline:noReservedConcurrency", "lambdaConcurrency "
                    + capacity.lambdaConcurrency() + " is too small to reserve concurrency for the message path "
                    + "(docs/operations.md#capacity): a burst of one function can throttle the others.");
        }
        for (FunctionDef def : catalog) {
            AssetCode artifact = code.computeIfAbsent(def.artifact(),
                    a -> Code.fromAsset(settings.requireArtifact(a).toString()));
            Deployed deployed = create(def, settings, artifact, grants, auth, capacity);
            functions.put(def, deployed);
            wireEventSource(deployed, messaging, capacity);
        }
    }

    private Deployed create(FunctionDef def, ChatlineSettings settings, AssetCode code, AccessGrants grants,
                            Auth auth, CapacityPlan capacity) {
        String id = DataTables.constructId(def.name());
        String functionName = settings.name(def.name());
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(settings.logRetention())
                // Log groups have fixed names: retaining one would make the next deployment of the stage fail.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Chatline " + settings.stage() + " function " + def.name() + ": its catalog access only")
                .build();
        logGroup.grantWrite(role);

        Map<String, String> env = new TreeMap<>();
        env.put(ChatConfig.STAGE, settings.stage());
        env.put(ChatConfig.MESSAGE_RETENTION_DAYS, Long.toString(Resources.MESSAGE_RETENTION.toDays()));
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        // Business metrics (EMF, see docs/operations.md): dimension Service = the catalog name, not the physical one.
        env.put(Telemetry.SERVICE_NAME, def.name());
        env.put(Telemetry.NAMESPACE, EmfMetrics.DEFAULT_NAMESPACE);
        env.putAll(settings.limits()); // read at cold start by the functions that apply them
        settings.cell().ifPresent(cell -> env.putAll(cell.environment())); // which cell, its directory and peers
        for (Access access : def.access()) {
            grants.grant(role, access);
            env.putAll(grants.environment(access));
        }
        if (def.trigger() instanceof Trigger.Authorizer) {
            env.put(ChatConfig.JWKS_URL, auth.jwt().jwksUrl());
            env.put(ChatConfig.JWT_ISSUER, auth.jwt().issuer());
            env.put(ChatConfig.JWT_AUDIENCE, auth.jwt().audience());
        }
        if (def.trigger() instanceof Trigger.Topic) {
            // Topic subscribers deliver push notifications: they need the Firebase service account.
            env.put(ChatConfig.FIREBASE_SECRET_ARN, auth.firebaseSecret().getSecretArn());
            auth.firebaseSecret().grantRead(role);
        }

        Function function = Function.Builder.create(this, id)
                .functionName(functionName)
                .description("Chatline " + def.name() + " (" + describe(def.trigger()) + ")")
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(def.handler())
                .code(code)
                .memorySize(def.memoryMb())
                .timeout(Duration.seconds(def.timeout().toSeconds()))
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(env)
                .reservedConcurrentExecutions(capacity.reservedConcurrency(def).orElse(null))
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every trigger invokes the published version behind the alias '" + ALIAS + "'.");
        Alias alias = Alias.Builder.create(this, id + "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        if (def.trigger() instanceof Trigger.Invoke) {
            settings.cell().ifPresent(cell -> PeerCells.allowInvoke(alias, cell)); // no peers, no caller
        }
        Nag.suppressOnly(role, "AwsSolutions-IAM5", "X-Ray active tracing: xray:PutTraceSegments and "
                + "xray:PutTelemetryRecords do not support resource-level permissions (Resource must be *).",
                "Resource::*");
        Nag.suppress(function, "AwsSolutions-L1", "Pinned to java21, the LTS runtime the functions are built and "
                + "tested for (SnapStart on arm64); a newer Java runtime is adopted deliberately after the "
                + "suite passes on it, by changing Functions.RUNTIME.");
        return new Deployed(def, function, alias, role);
    }

    private static void wireEventSource(Deployed deployed, Messaging messaging, CapacityPlan capacity) {
        Trigger trigger = deployed.def().trigger();
        if (trigger instanceof Trigger.Queue q) {
            SqsEventSourceProps.Builder props = SqsEventSourceProps.builder()
                    .batchSize(q.batchSize())
                    .reportBatchItemFailures(true)
                    // at most the reserved concurrency: the poller never invokes into throttles
                    .maxConcurrency(capacity.eventSourceConcurrency(deployed.def()));
            if (!q.maxBatchingWindow().isZero()) {
                if (q.queue().fifo()) {
                    throw new IllegalArgumentException(deployed.def().name() + ": SQS FIFO event sources do not "
                            + "support a batching window; set maxBatchingWindow to zero in the catalog");
                }
                props.maxBatchingWindow(Duration.seconds(q.maxBatchingWindow().toSeconds()));
            }
            for (Messaging.QueuePair shard : messaging.shards(q.queue())) { // one mapping per shard
                deployed.alias().addEventSource(new SqsEventSource(shard.queue(), props.build()));
            }
        } else if (trigger instanceof Trigger.Topic t) {
            subscribe(deployed.alias(), messaging.topic(t.topic()));
        }
    }

    /**
     * What {@code topic.addSubscription(new LambdaSubscription(alias))} creates, built here in the function's
     * (nested) stack: that method makes the subscription depend on the topic's stack, the root, and a nested stack
     * cannot depend on its parent.
     */
    private static void subscribe(Alias alias, Topic topic) {
        String topicId = Names.nodeUniqueId(topic.getNode());
        alias.addPermission("AllowInvoke:" + topicId, Permission.builder()
                .principal(new ServicePrincipal("sns.amazonaws.com"))
                .sourceArn(topic.getTopicArn())
                .build());
        Subscription.Builder.create(alias, topicId)
                .topic(topic)
                .endpoint(alias.getFunctionArn())
                .protocol(SubscriptionProtocol.LAMBDA)
                .build();
    }

    private static String describe(Trigger trigger) {
        if (trigger instanceof Trigger.Route r) {
            return "route " + r.routeKey();
        }
        if (trigger instanceof Trigger.Queue q) {
            return "queue " + q.queue().logicalName();
        }
        if (trigger instanceof Trigger.Topic t) {
            return "topic " + t.topic().logicalName();
        }
        if (trigger instanceof Trigger.Invoke) {
            return "invoked by peer cells";
        }
        return "$connect authorizer";
    }

    public List<Deployed> list() {
        return List.copyOf(functions.values());
    }
}
