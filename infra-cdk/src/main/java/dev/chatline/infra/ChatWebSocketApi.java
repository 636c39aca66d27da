package dev.chatline.infra;

import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.Trigger;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegrationResponse;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnRouteResponse;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The API Gateway WebSocket API: route selection on {@code $request.body.action}, one stage (named after the
 * deployment stage) with auto-deploy, throttling, JSON access logs and ERROR execution logs. Routes are added from
 * the function catalog by {@link #addRoute} and {@link #addConnectRoute}, mock routes by {@link #addMockRoute}.
 */
public final class ChatWebSocketApi extends Construct {
    public static final String CONNECT_ROUTE = "$connect";
    /** Route response, integration response and template key that always applies. */
    private static final String DEFAULT_KEY = "$default";
    /** A template selection expression that always selects the {@value #DEFAULT_KEY} template (a literal). */
    private static final String SELECT_DEFAULT_TEMPLATE = "\\$default";
    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
            + "\"eventType\":\"$context.eventType\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"connectionId\":\"$context.connectionId\","
            + "\"integrationStatus\":\"$context.integrationStatus\","
            + "\"integrationError\":\"$context.integrationErrorMessage\","
            + "\"authorizerError\":\"$context.authorizer.error\",\"userId\":\"$context.authorizer.userId\"}";

    private final WebSocketApi api;
    private final WebSocketStage stage;
    private final LogGroup accessLogs;

    public ChatWebSocketApi(Construct scope, String id, ChatlineSettings settings, CapacityPlan capacity) {
        super(scope, id);
        api = WebSocketApi.Builder.create(this, "Api")
                .apiName(settings.name("ws"))
                .description("Chatline " + settings.stage() + " WebSocket API")
                .routeSelectionExpression("$request.body.action")
                .build();
        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName("/aws/apigateway/" + settings.name("ws") + "/access")
                .retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        LogGroupLogDestination destination = new LogGroupLogDestination(accessLogs);
        stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(settings.stage())
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(capacity.stage().rateLimit())
                        .burstLimit(capacity.stage().burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();
        // Execution logs (errors only: authorizer denials, integration failures). Body logging stays off.
        CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
        cfnStage.addPropertyOverride("DefaultRouteSettings.LoggingLevel", "ERROR");
        cfnStage.addPropertyOverride("DefaultRouteSettings.DataTraceEnabled", false);
        // Each route's own share of the stage rate (CapacityPlan), so one route's burst cannot use up the rest's.
        // CloudFormation rejects route settings for a route that does not exist yet: the stage depends on every
        // route (addRoute, addConnectRoute, addMockRoute).
        capacity.routeThrottles().forEach((routeKey, t) -> {
            cfnStage.addPropertyOverride("RouteSettings." + routeKey + ".ThrottlingRateLimit", t.rateLimit());
            cfnStage.addPropertyOverride("RouteSettings." + routeKey + ".ThrottlingBurstLimit", t.burstLimit());
            cfnStage.addPropertyOverride("RouteSettings." + routeKey + ".LoggingLevel", "ERROR");
            cfnStage.addPropertyOverride("RouteSettings." + routeKey + ".DataTraceEnabled", false);
        });
        stage.getNode().addDependency(cloudWatchLoggingRole());
    }

    /**
     * WebSocket APIs (unlike HTTP APIs) log through the account-wide API Gateway CloudWatch role; without it the
     * stage with access logging fails to create. Setting it is idempotent across stacks; the role is retained so
     * other APIs of the account keep logging after this stack is deleted.
     */
    private IConstruct cloudWatchLoggingRole() {
        Role role = Role.Builder.create(this, "ApiGatewayCloudWatchRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway account role: writes API access and execution logs to CloudWatch Logs")
                .build();
        // Set on the L1 resource: from Java, CDK fails to record an imported managed policy in its construct
        // metadata (warning @aws-cdk/core:addMethodMetadataFailed); the template is the same.
        ((CfnRole) role.getNode().getDefaultChild()).setManagedPolicyArns(List.of(
                "arn:" + Aws.PARTITION + ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        Nag.suppressOnly(role, "AwsSolutions-IAM4", "AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS "
                        + "documents for the account-level API Gateway logging role; API Gateway creates log groups "
                        + "named after API and stage ids at run time, which a customer policy could not list.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        software.amazon.awscdk.services.apigateway.CfnAccount account =
                software.amazon.awscdk.services.apigateway.CfnAccount.Builder.create(this, "ApiGatewayAccount")
                        .cloudWatchRoleArn(role.getRoleArn())
                        .build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        return account;
    }

    /**
     * Adds a route invoking {@code target}; with {@code returnResponse} the route gets a {@code $default} route
     * response, so the function's result body is sent back on the caller's connection.
     */
    public WebSocketRoute addRoute(Trigger.Route route, IFunction target) {
        if (CONNECT_ROUTE.equals(route.routeKey())) {
            throw new IllegalArgumentException("use addConnectRoute for $connect: it must carry the authorizer");
        }
        WebSocketRoute created = api.addRoute(route.routeKey(), WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration(integrationId(route), target))
                .returnResponse(route.returnResponse())
                .build());
        Nag.suppress(created, "AwsSolutions-APIG4", "API Gateway WebSocket APIs authorize only the $connect "
                + "route; every later message on the connection runs with the identity the authorizer returned "
                + "for it ($context.authorizer), which the handlers read.");
        stage.getNode().addDependency(created);
        return created;
    }

    /**
     * Adds a route API Gateway answers itself: a MOCK integration whose request template selects the
     * {@code $default} integration response, whose response template is the mock route's; the {@code $default}
     * route response sends it back on the caller's connection. Built from the L1 resources because CDK's
     * {@code WebSocketMockIntegration} has no integration response.
     */
    public CfnRoute addMockRoute(MockRoute mock) {
        String id = DataTables.constructId(mock.routeKey());
        CfnIntegration integration = CfnIntegration.Builder.create(this, id + "MockIntegration")
                .apiId(api.getApiId())
                .integrationType("MOCK")
                .requestTemplates(Map.of(DEFAULT_KEY, MockRoute.REQUEST_TEMPLATE))
                .templateSelectionExpression(SELECT_DEFAULT_TEMPLATE)
                .build();
        CfnIntegrationResponse.Builder.create(this, id + "MockIntegrationResponse")
                .apiId(api.getApiId())
                .integrationId(integration.getRef())
                .integrationResponseKey(DEFAULT_KEY)
                .responseTemplates(Map.of(DEFAULT_KEY, mock.responseTemplate()))
                .templateSelectionExpression(SELECT_DEFAULT_TEMPLATE)
                .build();
        CfnRoute route = CfnRoute.Builder.create(this, id + "MockRoute")
                .apiId(api.getApiId())
                .routeKey(mock.routeKey())
                .authorizationType("NONE")
                .target("integrations/" + integration.getRef())
                .routeResponseSelectionExpression(DEFAULT_KEY)
                .build();
        CfnRouteResponse.Builder.create(this, id + "MockRouteResponse")
                .apiId(api.getApiId())
                .routeId(route.getRef())
                .routeResponseKey(DEFAULT_KEY)
                .build();
        Nag.suppress(route, "AwsSolutions-APIG4", "API Gateway WebSocket APIs authorize only the $connect "
                + "route; a mock route runs nothing and reads nothing: it answers from a template.");
        stage.getNode().addDependency(route);
        return route;
    }

    /**
     * Adds {@code $connect} with the REQUEST Lambda authorizer. An empty identity-source list means API Gateway
     * calls the authorizer on every handshake and the function finds the token itself (query parameter or
     * {@code Sec-WebSocket-Protocol}); listed sources would make API Gateway reject a handshake lacking any one.
     * CDK defaults to {@code route.request.header.Authorization} when none is given, so the property is removed
     * from the template instead (CloudFormation and API Gateway treat it as optional for WebSocket REQUEST
     * authorizers, which have no result caching).
     */
    public WebSocketRoute addConnectRoute(Trigger.Route route, IFunction target, Trigger.Authorizer authorizerTrigger,
                                          IFunction authorizerFunction) {
        if (!CONNECT_ROUTE.equals(route.routeKey())) {
            throw new IllegalArgumentException("an authorizer can only guard $connect, not " + route.routeKey());
        }
        String authorizerId = "ConnectAuthorizer";
        WebSocketLambdaAuthorizer authorizer = new WebSocketLambdaAuthorizer(authorizerId, authorizerFunction,
                WebSocketLambdaAuthorizerProps.builder()
                        .authorizerName(authorizerId)
                        .identitySource(authorizerTrigger.identitySources())
                        .build());
        WebSocketRoute created = api.addRoute(route.routeKey(), WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration(integrationId(route), target))
                .returnResponse(route.returnResponse())
                .authorizer(authorizer)
                .build());
        if (authorizerTrigger.identitySources().isEmpty()) {
            IConstruct cfnAuthorizer = api.getNode().findChild(authorizerId).getNode().getDefaultChild();
            ((software.amazon.awscdk.CfnResource) cfnAuthorizer).addPropertyDeletionOverride("IdentitySource");
        }
        stage.getNode().addDependency(created);
        return created;
    }

    private static String integrationId(Trigger.Route route) {
        String key = route.routeKey().replace("$", "");
        return DataTables.constructId(key) + "Integration";
    }

    /**
     * {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{method}/@connections/*}: what
     * {@code execute-api:ManageConnections} is granted on (POST posts to, GET reads, DELETE closes a connection).
     */
    public String connectionsArn(String httpMethod) {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("execute-api")
                .resource(api.getApiId())
                .resourceName(stage.getStageName() + "/" + httpMethod + "/@connections/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /** {@code https://{apiId}.execute-api.{region}.amazonaws.com/{stage}}: the {@code @connections} endpoint. */
    public String connectionsEndpoint() {
        return stage.getCallbackUrl();
    }

    /** {@code wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}}: what clients connect to. */
    public String url() {
        return stage.getUrl();
    }

    public WebSocketApi api() {
        return api;
    }

    public WebSocketStage stage() {
        return stage;
    }
}
