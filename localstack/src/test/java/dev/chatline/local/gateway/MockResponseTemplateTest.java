package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.MockRoutes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MockResponseTemplateTest {
    private static final JsonNode CONTEXT = GatewayJson.MAPPER.createObjectNode()
            .put("routeKey", "heartbeat")
            .put("requestTimeEpoch", 1748779260123L)
            .put("connectionId", "L0SM9cOFvHcCIhw=")
            .set("authorizer", GatewayJson.MAPPER.createObjectNode().put("userId", "alice"));

    @Test
    void heartbeatTemplateRendersTheRequestTimeAsANumber() {
        String frame = MockResponseTemplate.parse(MockRoutes.HEARTBEAT.responseTemplate()).render(CONTEXT);

        assertThat(frame).isEqualTo("{\"type\":\"ack\",\"action\":\"heartbeat\",\"serverTs\":1748779260123}");
    }

    @Test
    void bracedAndNestedReferencesAndTextAroundThemRender() {
        String frame = MockResponseTemplate.parse("${context.routeKey}:$context.authorizer.userId} #1")
                .render(CONTEXT);

        assertThat(frame).isEqualTo("heartbeat:alice} #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":$input.json('$.requestId')}", "$util.escapeJavaScript('x')",
            "#set($a = 1)$a", "#if(true)x#end", "$stageVariables.name", "$context"})
    void templatesBeyondContextReferencesAreRefused(String template) {
        assertThatThrownBy(() -> MockResponseTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$context");
    }

    @Test
    void aReferenceToNoValueFailsInsteadOfRenderingSomethingAwsWouldNot() {
        MockResponseTemplate template = MockResponseTemplate.parse("{\"x\":$context.nope}");

        assertThatThrownBy(() -> template.render(CONTEXT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("$context.nope");
    }

    @Test
    void routeTableServesMockRoutesAndRefusesAKeyClaimedTwice() {
        RouteTable routes = RouteTable.from(TestHandlers.catalog(true), MockRoutes.ALL);

        assertThat(routes.select("{\"action\":\"heartbeat\",\"requestId\":\"r1\"}")).contains("heartbeat");
        assertThat(routes.mockRoute("heartbeat")).contains(MockRoutes.HEARTBEAT);
        assertThat(routes.route("heartbeat")).isEmpty();
        assertThat(routes.routeKeys()).contains("heartbeat", "echo");
        List<FunctionDef> functions = TestHandlers.catalog(true);
        assertThatThrownBy(() -> RouteTable.from(functions, List.of(new MockRoute("echo", "{}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("echo");
    }
}
