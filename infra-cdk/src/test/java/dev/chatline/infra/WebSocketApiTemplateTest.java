package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

class WebSocketApiTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    @Test
    void apiSelectsRoutesOnTheActionField() {
        synth.template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action",
                "Name", "chatline-prod-ws"));
    }

    @Test
    void routesAreExactlyTheCatalogRouteKeysAndTheMockRoutes() {
        List<String> routeKeys = synth.resources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (String) props(r).get("RouteKey")).sorted().toList();
        List<String> expected = new ArrayList<>(routes().stream().map(Trigger.Route::routeKey).toList());
        MockRoutes.ALL.forEach(m -> expected.add(m.routeKey()));
        assertThat(routeKeys).containsExactlyElementsOf(expected.stream().sorted().toList());
    }

    @Test
    void mockRoutesAnswerFromTheirTemplateWithNoFunctionAndARouteResponse() {
        for (MockRoute mock : MockRoutes.ALL) {
            Map.Entry<String, Map<String, Object>> route = routeNamed(mock.routeKey());
            Map<String, Object> routeProps = props(route.getValue());
            assertThat(routeProps).containsEntry("RouteResponseSelectionExpression", "$default")
                    .containsEntry("AuthorizationType", "NONE");
            String integrationId = synth.resources("AWS::ApiGatewayV2::Integration").keySet().stream()
                    .filter(id -> routeProps.get("Target").toString().contains(id)).findFirst().orElseThrow();
            assertThat(props(synth.resources("AWS::ApiGatewayV2::Integration").get(integrationId)))
                    .containsEntry("IntegrationType", "MOCK")
                    .containsEntry("RequestTemplates", Map.of("$default", MockRoute.REQUEST_TEMPLATE))
                    .containsEntry("TemplateSelectionExpression", "\\$default");
            synth.template().hasResourceProperties("AWS::ApiGatewayV2::IntegrationResponse", Map.of(
                    "IntegrationId", Map.of("Ref", integrationId),
                    "IntegrationResponseKey", "$default",
                    "ResponseTemplates", Map.of("$default", mock.responseTemplate())));
            synth.template().hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", Map.of(
                    "RouteId", Map.of("Ref", route.getKey()), "RouteResponseKey", "$default"));
        }
    }

    @Test
    void twoWayRoutesHaveARouteResponseAndOthersDoNot() {
        Map<String, Map<String, Object>> routes = synth.resources("AWS::ApiGatewayV2::Route");
        List<Object> respondingRouteRefs = synth.resources("AWS::ApiGatewayV2::RouteResponse").values().stream()
                .peek(r -> assertThat(props(r).get("RouteResponseKey")).isEqualTo("$default"))
                .map(r -> props(r).get("RouteId")).toList();
        for (Trigger.Route route : routes()) {
            String routeId = routeNamed(route.routeKey()).getKey();
            assertThat(respondingRouteRefs.contains(Map.of("Ref", routeId))).as(route.routeKey())
                    .isEqualTo(route.returnResponse());
            Map<String, Object> routeProps = props(routes.get(routeId));
            if (route.returnResponse()) {
                assertThat(routeProps.get("RouteResponseSelectionExpression")).isEqualTo("$default");
            }
        }
    }

    @Test
    void onlyConnectIsAuthorizedByTheRequestAuthorizerWithoutIdentitySources() {
        Map<String, Map<String, Object>> authorizers = synth.resources("AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.keySet().iterator().next();
        Map<String, Object> authorizer = props(authorizers.get(authorizerId));
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("REQUEST");
        assertThat(authorizer).doesNotContainKey("IdentitySource");
        assertThat(authorizer.get("AuthorizerUri").toString()).contains("FunctionsAuthorizerAlias");
        synth.resources("AWS::ApiGatewayV2::Route").values().forEach(r -> {
            Map<String, Object> p = props(r);
            if ("$connect".equals(p.get("RouteKey"))) {
                assertThat(p.get("AuthorizationType")).isEqualTo("CUSTOM");
                assertThat(p.get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
            } else {
                assertThat(p.get("AuthorizationType")).isEqualTo("NONE");
            }
        });
    }

    @Test
    void integrationsInvokeTheLiveAliasOfTheRouteFunctionExceptTheMocks() {
        List<Map<String, Object>> integrations = synth.resources("AWS::ApiGatewayV2::Integration").values()
                .stream().map(DataTablesTemplateTest::props).toList();
        List<Map<String, Object>> proxies = integrations.stream()
                .filter(p -> !"MOCK".equals(p.get("IntegrationType"))).toList();
        proxies.forEach(p -> {
            assertThat(p.get("IntegrationType")).isEqualTo("AWS_PROXY");
            assertThat(p.get("IntegrationUri").toString()).containsPattern("Functions\\w+Alias");
        });
        assertThat(proxies).hasSize(routes().size());
        assertThat(integrations).hasSize(routes().size() + MockRoutes.ALL.size());
    }

    @Test
    void stageIsNamedAfterTheStageWithThrottlingAccessLogsAndAutoDeploy() {
        synth.template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "prod",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingBurstLimit", 5000, "ThrottlingRateLimit", 10000,
                        "LoggingLevel", "ERROR", "DataTraceEnabled", false),
                "AccessLogSettings", Map.of("DestinationArn", Match.anyValue(),
                        "Format", Match.stringLikeRegexp(".*\\$context.connectionId.*"))));
        synth.template().resourceCountIs("AWS::ApiGateway::Account", 1);
        synth.template().hasResource("AWS::ApiGatewayV2::Stage", Map.of("DependsOn",
                Match.arrayWith(List.of(Match.stringLikeRegexp("WebSocketApiGatewayAccount.*")))));
    }

    @Test
    void productionStageUsesTheStageContext() {
        Synth.production().template().hasResourceProperties("AWS::ApiGatewayV2::Stage",
                Map.of("StageName", "live"));
    }

    private Map.Entry<String, Map<String, Object>> routeNamed(String routeKey) {
        return synth.resources("AWS::ApiGatewayV2::Route").entrySet().stream()
                .filter(e -> routeKey.equals(props(e.getValue()).get("RouteKey"))).findFirst().orElseThrow();
    }

    static List<Trigger.Route> routes() {
        return FunctionCatalog.ALL.stream().map(FunctionDef::trigger).filter(Trigger.Route.class::isInstance)
                .map(Trigger.Route.class::cast).toList();
    }
}
