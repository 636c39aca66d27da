package dev.chatline.infra;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.Resources;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The whole backend of one stage. Everything is generated from the shared definitions: tables from
 * {@code Tables.ALL}, queues/topics/buckets from {@code Resources}, functions, routes, triggers and IAM grants from
 * {@code FunctionCatalog.ALL}.
 *
 * <p>CloudFormation allows 500 resources per template, so the stage is a root stack and two nested stacks
 * (docs/operations.md, "Stacks"):
 * <ul>
 *   <li>the root holds every stateful resource (tables, queues, topics and their key, buckets, user pool, secret,
 *       alarm topic) at the construct paths it always had, so their logical ids never change, plus the WebSocket
 *       API with its routes;</li>
 *   <li>{@value #FUNCTIONS_STACK}: the functions with their roles, aliases, log groups and event sources;</li>
 *   <li>{@value #MONITORING_STACK}: the alarms and the dashboard.</li>
 * </ul>
 * Inside a nested stack each construct keeps its former path ({@code Functions/...}, {@code Monitoring/...}), so
 * logical ids read the same in every template. Cross-stack references are parameters and outputs CDK generates:
 * the nested stacks read the root's resources, the root's routes and {@value #MONITORING_STACK} read the functions
 * of {@value #FUNCTIONS_STACK}; no stateful resource of the root depends on a nested stack.
 */
public final class ChatlineStack extends Stack {
    /** The construct id (and template name) of the nested stack of the functions. */
    public static final String FUNCTIONS_STACK = "FunctionsStack";
    /** The construct id (and template name) of the nested stack of the alarms and the dashboard. */
    public static final String MONITORING_STACK = "MonitoringStack";

    private final ChatlineSettings settings;
    private final DataTables tables;
    private final Messaging messaging;
    private final MediaStorage media;
    private final Auth auth;
    private final ChatWebSocketApi gateway;
    private final Functions functions;
    private final Monitoring monitoring;
    private final AlarmNotifications alarmNotifications;
    private final CapacityPlan capacity;
    private final NestedStack functionsStack;
    private final NestedStack monitoringStack;

    public ChatlineStack(Construct scope, String id, StackProps props, ChatlineSettings settings) {
        this(scope, id, props, settings, FunctionCatalog.ALL);
    }

    /**
     * @param catalog the functions to deploy: {@link FunctionCatalog#ALL} (the other constructor); tests add
     *                fixture functions to exercise trigger kinds the catalog does not use yet
     */
    ChatlineStack(Construct scope, String id, StackProps props, ChatlineSettings settings,
                  List<FunctionDef> catalog) {
        super(scope, id, props);
        this.settings = settings;
        Tags.of(this).add("app", "chatline");
        Tags.of(this).add("chatline:stage", settings.stage());
        tables = new DataTables(this, "Tables", settings);
        messaging = new Messaging(this, "Messaging", settings);
        settings.cell().ifPresent(cell -> PeerCells.allowRelaySends(messaging.queue(Resources.RELAY).queue(), cell));
        media = new MediaStorage(this, "Media", settings);
        auth = new Auth(this, "Auth", settings);
        capacity = new CapacityPlan(settings.throttle(), settings.lambdaConcurrency(), settings.fanoutShards());
        gateway = new ChatWebSocketApi(this, "WebSocket", settings, capacity);
        alarmNotifications = new AlarmNotifications(this, "Monitoring", settings, messaging);
        functionsStack = nested(FUNCTIONS_STACK, "functions, their roles, aliases, log groups and event sources");
        functions = new Functions(functionsStack, "Functions", settings,
                new AccessGrants(tables, messaging, media, gateway, settings.mediaSigning(), settings.cell()), auth,
                messaging, capacity, catalog);
        wireRoutes();
        monitoringStack = nested(MONITORING_STACK, "alarms and dashboard");
        monitoring = new Monitoring(monitoringStack, "Monitoring", settings, alarmNotifications.topic(), messaging,
                functions, gateway, tables);
        outputs();
    }

    /**
     * Every {@link Trigger.Route} of the catalog becomes a route; the authorizer guards {@code $connect}; every
     * {@link MockRoutes mock route} becomes a MOCK integration route.
     */
    private void wireRoutes() {
        List<Functions.Deployed> authorizers = functions.list().stream()
                .filter(f -> f.def().trigger() instanceof Trigger.Authorizer).toList();
        if (authorizers.size() > 1) {
            throw new IllegalStateException("a WebSocket API has one $connect authorizer; the catalog declares "
                    + authorizers.stream().map(f -> f.def().name()).toList());
        }
        for (Functions.Deployed f : functions.list()) {
            if (!(f.def().trigger() instanceof Trigger.Route route)) {
                continue;
            }
            if (ChatWebSocketApi.CONNECT_ROUTE.equals(route.routeKey())) {
                Functions.Deployed authorizer = authorizers.stream().findFirst().orElseThrow(() ->
                        new IllegalStateException("$connect must be authorized: the catalog has no Authorizer"));
                gateway.addConnectRoute(route, f.alias(), (Trigger.Authorizer) authorizer.def().trigger(),
                        authorizer.alias());
            } else {
                gateway.addRoute(route, f.alias());
            }
        }
        MockRoutes.ALL.forEach(gateway::addMockRoute);
    }

    private NestedStack nested(String id, String contents) {
        return new NestedStack(this, id, NestedStackProps.builder()
                .description("Chatline " + settings.stage() + ": " + contents)
                .build());
    }

    private void outputs() {
        output("WebSocketUrl", gateway.url(), "wss URL clients connect to (add the token, docs/operations.md)");
        output("ConnectionsUrl", gateway.connectionsEndpoint(), "@connections endpoint (CHATLINE_CONNECTIONS_ENDPOINT)");
        output("MediaBucketName", media.bucket(Resources.MEDIA).getBucketName(), "media bucket");
        output("MediaDistributionDomain", media.distribution().getDistributionDomainName(),
                "CloudFront domain serving media");
        output("FirebaseSecretArn", auth.firebaseSecret().getSecretArn(),
                "put the Firebase service-account JSON here");
        output("AlarmTopicArn", alarmNotifications.topic().getTopicArn(), "subscribe on-call here");
        messaging.queues().forEach((def, pair) -> output(DataTables.constructId(def.logicalName())
                + "DeadLetterQueueArn", pair.deadLetterQueue().getQueueArn(), "dead-letter queue (redrive source)"));
        auth.userPool().ifPresent(pool -> output("UserPoolId", pool.getUserPoolId(), "Cognito user pool"));
        auth.userPoolClient().ifPresent(client -> output("UserPoolClientId", client.getUserPoolClientId(),
                "Cognito app client (the ID token audience)"));
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public ChatlineSettings settings() {
        return settings;
    }

    public DataTables tables() {
        return tables;
    }

    public Messaging messaging() {
        return messaging;
    }

    public MediaStorage media() {
        return media;
    }

    public Functions functions() {
        return functions;
    }

    public ChatWebSocketApi gateway() {
        return gateway;
    }

    public CapacityPlan capacity() {
        return capacity;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** The nested stacks, in deployment order: {@value #FUNCTIONS_STACK}, then {@value #MONITORING_STACK}. */
    public List<NestedStack> nestedStacks() {
        return List.of(functionsStack, monitoringStack);
    }
}
