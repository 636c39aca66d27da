package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity plan, the alarms on route failures, warm tables and the Cognito app client, as synthesized. */
class CapacityTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    @Test
    @SuppressWarnings("unchecked")
    void theStageThrottlesEachRouteAndDependsOnEveryRoute() {
        Map.Entry<String, Map<String, Object>> stage = synth.resources("AWS::ApiGatewayV2::Stage").entrySet()
                .iterator().next();
        Map<String, Map<String, Object>> settings = (Map<String, Map<String, Object>>) props(stage.getValue())
                .get("RouteSettings");
        CapacityPlan plan = synth.stack().capacity();
        assertThat(settings.keySet()).containsExactlyInAnyOrderElementsOf(plan.routeThrottles().keySet());
        plan.routeThrottles().forEach((route, t) -> {
            assertThat(((Number) settings.get(route).get("ThrottlingRateLimit")).doubleValue()).as(route)
                    .isEqualTo(t.rateLimit());
            assertThat(settings.get(route).get("ThrottlingBurstLimit")).as(route).isEqualTo(t.burstLimit());
        });
        // CloudFormation rejects route settings for routes it has not created yet
        List<String> dependsOn = (List<String>) stage.getValue().get("DependsOn");
        synth.resources("AWS::ApiGatewayV2::Route").keySet()
                .forEach(route -> assertThat(dependsOn).as(route).contains(route));
    }

    @Test
    void theFanoutEventSourceIsCappedAtItsReservedConcurrency() {
        Map<String, Object> mapping = props(synth.resources("AWS::Lambda::EventSourceMapping").values().iterator()
                .next());
        assertThat(mapping.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency",
                synth.stack().capacity().eventSourceConcurrency(FunctionCatalog.FANOUT)));
    }

    @Test
    void everyRouteFunctionHasAnInternalErrorsAlarmAndPushOffIsAlarmed() {
        Map<String, Map<String, Object>> alarms = synth.resources("AWS::CloudWatch::Alarm");
        long routeFunctions = FunctionCatalog.ALL.stream().filter(d -> d.trigger() instanceof Trigger.Route r
                && !"$connect".equals(r.routeKey())).count();
        List<Map<String, Object>> internal = alarms.values().stream().map(DataTablesTemplateTest::props)
                .filter(p -> "InternalErrors".equals(p.get("MetricName"))).toList();
        assertThat(internal).hasSize((int) routeFunctions);
        assertThat(internal).allSatisfy(p -> {
            assertThat(p.get("Namespace")).isEqualTo("Chatline");
            assertThat(p.get("Dimensions").toString()).contains("Service", "stage", "prod");
        });
        assertThat(alarms.values().stream().map(DataTablesTemplateTest::props)
                .filter(p -> "PushesUnconfigured".equals(p.get("MetricName")))
                .map(p -> p.get("Dimensions").toString())).singleElement().asString().contains("push");
    }

    @Test
    void warmThroughputIsOffByDefaultAndPreWarmsTheMessagePathWhenSet() {
        assertThat(synth.resources("AWS::DynamoDB::Table").values()).allSatisfy(t ->
                assertThat(props(t)).doesNotContainKey("WarmThroughput"));
        Map<String, Map<String, Object>> tables = Synth.production().resources("AWS::DynamoDB::Table");
        long warm = tables.values().stream().map(DataTablesTemplateTest::props)
                .filter(p -> Map.of("ReadUnitsPerSecond", 40000, "WriteUnitsPerSecond", 20000)
                        .equals(p.get("WarmThroughput"))).count();
        assertThat(warm).isEqualTo(DataTables.MESSAGE_PATH.size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAppClientSignsInWithSrpAndNoPublicPasswordFlow() {
        Map<String, Object> client = props(synth.resources("AWS::Cognito::UserPoolClient").values().iterator()
                .next());
        assertThat((List<Object>) client.get("ExplicitAuthFlows")).containsExactlyInAnyOrder("ALLOW_USER_SRP_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"); // the admin flow needs IAM
    }
}
