package dev.chatline.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.messaging.MessagingWiring;
import dev.chatline.functions.messaging.SendMessageHandler;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.keys.KeysService;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.Json;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import dev.chatline.testing.TestKeys;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** keysUpload, keysFetch and keysCount handlers, and the DEVICE_MISMATCH frame of sendMessage, on moto. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysHandlersTest {
    private final dev.chatline.testing.FakeConnections endpoint = new dev.chatline.testing.FakeConnections();
    private MessagingFixture f;
    private KeysUploadHandler upload;
    private KeysFetchHandler fetch;
    private KeysCountHandler count;
    private SendMessageHandler send;

    @BeforeAll
    void setUp(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "keys-handlers", endpoint.endpoint(),
                Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000")));
        KeysWiring wiring = new KeysWiring(f.env.aws, f.clock);
        KeysService keys = wiring.keysService();
        upload = new KeysUploadHandler(keys, wiring.routeGuard());
        fetch = new KeysFetchHandler(keys, wiring.routeGuard());
        count = new KeysCountHandler(keys, wiring.routeGuard());
        MessagingWiring messaging = new MessagingWiring(f.env.aws, f.clock);
        send = new SendMessageHandler(messaging.sendService(), messaging.routeGuard());
    }

    @AfterAll
    void tearDown() {
        f.close();
        endpoint.close();
    }

    private static JsonNode call(RouteHandler handler, Identity who, String route, ObjectNode body) {
        APIGatewayV2WebSocketEvent e = WsEvents.message(who.userId() + "-conn=", route, body.toString());
        e.getRequestContext().setAuthorizer(Map.of("userId", who.userId(), "deviceId", who.deviceId()));
        return Json.read(handler.handleRequest(e, null).getBody());
    }

    @Test
    void keysAreStoredForTheAuthenticatedDeviceNotForAUserNamedInThePayload() {
        Identity bob = f.device("bob", "phone");
        Identity alice = f.device("alice", "phone");
        ObjectNode keys = TestKeys.upload(TestKeys.ecKey(), 1, 2).put("requestId", "u1").put("userId", "mallory");

        JsonNode uploaded = call(upload, bob, "keysUpload", keys);
        JsonNode bundles = call(fetch, alice, "keysFetch", Json.object().put("action", "keysFetch")
                .put("requestId", "f1").put("userId", "bob"));
        JsonNode mallory = call(fetch, alice, "keysFetch", Json.object().put("action", "keysFetch")
                .put("userId", "mallory"));
        JsonNode counted = call(count, bob, "keysCount", Json.object().put("action", "keysCount"));

        assertThat(uploaded.get("type").asText()).isEqualTo("keysUploaded");
        assertThat(uploaded.get("requestId").asText()).isEqualTo("u1");
        assertThat(bundles.get("requestId").asText()).isEqualTo("f1");
        assertThat(bundles.at("/devices/0/identityKey").asText()).isEqualTo(keys.get("identityKey").asText());
        assertThat(mallory.get("code").asText()).isEqualTo("UNKNOWN_RECIPIENT");
        assertThat(counted.get("preKeys").asInt()).isEqualTo(1);
        assertThat(counted.get("kyberPreKeys").asInt()).isEqualTo(1);
    }

    @Test
    void deviceMismatchErrorFrameNamesTheDevices() {
        Identity carol = f.device("carol", "phone");
        f.device("dave", "phone");
        ObjectNode frame = Json.object().put("action", "sendMessage").put("requestId", "s1")
                .put("clientMsgId", UUID.randomUUID().toString()).put("to", "dave");
        frame.putArray("envelopes").addObject().put("userId", "dave").put("deviceId", "watch").put("type", "message")
                .put("body", "QQ==");

        JsonNode error = call(send, carol, "sendMessage", frame);

        assertThat(error.get("code").asText()).isEqualTo("DEVICE_MISMATCH");
        assertThat(error.get("requestId").asText()).isEqualTo("s1");
        assertThat(error.at("/missingDevices/0/deviceId").asText()).isEqualTo("phone");
        assertThat(error.at("/extraDevices/0/deviceId").asText()).isEqualTo("watch");
    }
}
