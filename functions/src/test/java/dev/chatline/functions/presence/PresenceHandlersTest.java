package dev.chatline.functions.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.protocol.Json;
import dev.chatline.testing.PresenceFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** presenceSubscribe and settings with events from JSON samples, on moto. The caller is alice/phone. */
@ExtendWith(MotoExtension.class)
class PresenceHandlersTest {
    private static PresenceFixture f;
    private static PresenceSubscribeHandler subscribe;
    private static SettingsHandler settings;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "presence-handlers");
        subscribe = new PresenceSubscribeHandler(f.presence, f.routeLimits);
        settings = new SettingsHandler(f.presence, f.tracker, f.routeLimits);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static JsonNode call(dev.chatline.functions.ws.RouteHandler handler, String route, String body) {
        return Json.read(handler.handleRequest(WsEvents.message("alice-conn=", f.clock.millis(), route, body), null)
                .getBody());
    }

    @Test
    void subscribeAnswersPresenceOfEachUserAndEchoesTheRequestId() {
        f.lifecycle.connect("bob-conn=", new Identity("bob", "phone"));
        f.contacts("alice", "bob");

        JsonNode reply = call(subscribe, "presenceSubscribe",
                "{\"action\":\"presenceSubscribe\",\"requestId\":\"p1\",\"userIds\":[\"bob\",\"zed\"]}");

        assertThat(reply.get("type").asText()).isEqualTo("presence");
        assertThat(reply.get("requestId").asText()).isEqualTo("p1");
        assertThat(reply.get("users").toString())
                .isEqualTo("[{\"userId\":\"bob\",\"online\":true},{\"userId\":\"zed\",\"online\":false}]");
        assertThat(f.subscribersOf("bob")).containsExactly("alice");
    }

    @Test
    void subscribeRejectsTooManyOrMalformedUserIds() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i <= 100; i++) {
            ids.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }

        assertThat(call(subscribe, "presenceSubscribe", "{\"userIds\":[" + ids + "]}").get("code").asText())
                .isEqualTo("INVALID_FIELD");
        assertThat(call(subscribe, "presenceSubscribe", "{\"userIds\":[\"a b\"]}").get("code").asText())
                .isEqualTo("INVALID_FIELD");
        assertThat(call(subscribe, "presenceSubscribe", "{}").get("code").asText()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void settingsStoresLastSeenVisibilityAndAcknowledgesIt() {
        JsonNode ack = call(settings, "settings",
                "{\"action\":\"settings\",\"requestId\":\"s1\",\"lastSeen\":\"nobody\"}");

        assertThat(ack.toString())
                .isEqualTo("{\"type\":\"ack\",\"requestId\":\"s1\",\"action\":\"settings\","
                        + "\"settings\":{\"lastSeen\":\"nobody\"}}");
        assertThat(f.presenceStore.get("alice").visibility().wire()).isEqualTo("nobody");
        assertThat(call(settings, "settings", "{\"lastSeen\":\"friends\"}").get("code").asText())
                .isEqualTo("INVALID_FIELD");
    }
}
