package dev.chatline.infra;

import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.Resources;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The whole backend of one stage. Everything is generated from the shared definitions: tables from
 * {@code Tables.ALL}, queues/topics/buckets from {@code Resources}, functions, routes, triggers and IAM grants from
 * {@code FunctionCatalog.ALL}.
 */
public final class ChatlineStack extends Stack {
    private final ChatlineSettings settings;
    private final DataTables tables;
    private final Messaging messaging;
    private final MediaStorage media;
    private final Auth auth;
    private final WebSocketGateway gateway;
    private final Functions functions;
    private final Monitoring monitoring;
    private final CapacityPlan capacity;

    public ChatlineStack(Construct scope, String id, StackProps props, ChatlineSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        Tags.of(this).add("app", "chatline");
        Tags.of(this).add("chatline:stage", settings.stage());
        tables = new DataTables(this, "Tables", settings);
        messaging = new Messaging(this, "Messaging", settings);
        media = new MediaStorage(this, "Media", settings);
        auth = new Auth(this, "Auth", settings);
        capacity = new CapacityPlan(settings.throttle(), settings.lambdaConcurrency(), settings.fanoutShards());
        gateway = new WebSocketGateway(this, "WebSocket", settings, capacity);
        functions = new Functions(this, "Functions", settings,
                new AccessGrants(tables, messaging, media, gateway, settings.mediaSigning()), auth, messaging,
                capacity);
        wireRoutes();
        monitoring = new Monitoring(this, "Monitoring", settings, messaging, functions, gateway, tables);
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
            if (WebSocketGateway.CONNECT_ROUTE.equals(route.routeKey())) {
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

    private void outputs() {
        output("WebSocketUrl", gateway.url(), "wss URL clients connect to (add the token, docs/operations.md)");
        output("ConnectionsUrl", gateway.connectionsEndpoint(), "@connections endpoint (CHATLINE_CONNECTIONS_ENDPOINT)");
        output("MediaBucketName", media.bucket(Resources.MEDIA).getBucketName(), "media bucket");
        output("MediaDistributionDomain", media.distribution().getDistributionDomainName(),
                "CloudFront domain serving media");
        output("FirebaseSecretArn", auth.firebaseSecret().getSecretArn(),
                "put the Firebase service-account JSON here");
        output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "subscribe on-call here");
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

    public WebSocketGateway gateway() {
        return gateway;
    }

    public CapacityPlan capacity() {
        return capacity;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
