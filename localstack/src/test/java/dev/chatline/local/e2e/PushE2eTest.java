package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.push.LocalFcm;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Json;
import dev.chatline.push.PushTokenStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push to offline devices: fan-out → SNS → the push function → Firebase Admin SDK → the runtime's local FCM
 * endpoint, which records what FCM would have received.
 */
class PushE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Long enough for a push request to travel SNS → bridge queue → push function once the fan-out is idle. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void offlineRecipientGetsExactlyOneDataOnlyPushWithoutTheBody() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String token = registeredOffline(bob, "phone", "android");
        String messageId;
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            messageId = alicePhone.send(bob, "c2VjcmV0LXRleHQ").messageId();
        }
        awaitFanoutIdle();
        await().atMost(Duration.ofSeconds(15)).until(() -> pushesTo(token).size() == 1);
        await().during(QUIET).atMost(QUIET.plusSeconds(3)).until(() -> pushesTo(token).size() == 1);

        // what the dev endpoint shows is what FCM received through the Firebase Admin SDK
        JsonNode shown = pushesJson(token).get(0);
        JsonNode message = shown.path("message");
        assertThat(shown.path("accepted").asBoolean()).isTrue();
        assertThat(shown.path("project").asText()).isEqualTo("chatline-local");
        assertThat(Json.MAPPER.convertValue(message.path("data"), java.util.Map.class))
                .isEqualTo(java.util.Map.of("type", "message")); // nothing that names the chat, for Google to see
        assertThat(message.toString()).doesNotContain(alice).doesNotContain(bob)
                .doesNotContain(messageId.substring(0, 26));
        assertThat(message.has("notification")).isFalse();
        assertThat(message.path("android").path("priority").asText()).isEqualToIgnoringCase("high");
        assertThat(message.path("android").path("collapse_key").asText()).isNotBlank();
        assertThat(message.toString()).doesNotContain("c2VjcmV0LXRleHQ");

        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            assertThat(bobPhone.sync(null).messageIds()).containsExactly(messageId);
        }
    }

    @Test
    void onlineRecipientGetsNoPush() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String token = "tok-" + UUID.randomUUID();
        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            registerPush(bobPhone, "ios", token);
            String messageId = alicePhone.send(bob, "aGk").messageId();
            bobPhone.awaitMessage(messageId);
            awaitFanoutIdle();
            await().during(QUIET).atMost(QUIET.plusSeconds(3)).until(() -> pushesTo(token).isEmpty());
        }
    }

    @Test
    void unregisteredTokenIsRemovedAndGetsNoFurtherPushesWhileSyncStillDelivers() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String token = registeredOffline(bob, "phone", "android");
        HttpResponse<String> marked = HTTP.send(HttpRequest.newBuilder(URI.create(
                        RUNTIME.runtime().devUrl("pushes/unregistered")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(marked.statusCode()).isEqualTo(200);
        PushTokenStore tokens = new PushTokenStore(RUNTIME.awsClients().dynamoDb(), RUNTIME.awsClients().config());
        String first;
        String second;
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            first = alicePhone.send(bob, "b25l").messageId();
            await().atMost(Duration.ofSeconds(15)).until(() -> pushesTo(token).size() == 1
                    && tokens.get(bob, "phone").isEmpty());
            assertThat(pushesTo(token).get(0).accepted()).isFalse();

            second = alicePhone.send(bob, "dHdv").messageId();
        }
        awaitFanoutIdle();
        await().during(QUIET).atMost(QUIET.plusSeconds(3)).until(() -> pushesTo(token).size() == 1);

        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            assertThat(bobPhone.sync(null).messageIds()).containsExactly(first, second);
        }
    }

    @Test
    void oneChatPushesAnOfflineDeviceOnceUntilItHasBeenOnlineAgain() throws Exception {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        String bob = uniqueUser("bob");
        String token = registeredOffline(bob, "tablet", "web");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice carolPhone = ChatDevice.connect(RUNTIME, carol, "phone")) {
            alicePhone.send(bob, "MQ");
            alicePhone.send(bob, "Mg");
            carolPhone.send(bob, "Mw"); // another chat: its own push
            awaitFanoutIdle();
            await().atMost(Duration.ofSeconds(15)).until(() -> pushesTo(token).size() == 2);
            await().during(QUIET).atMost(QUIET.plusSeconds(3)).until(() -> pushesTo(token).size() == 2);
            assertThat(pushesTo(token)).extracting(p -> p.message().path("data").toString())
                    .containsOnly("{\"type\":\"message\"}"); // two chats, two pushes, neither names its chat
            assertThat(pushesTo(token).get(0).message().path("webpush").path("headers").path("Urgency").asText())
                    .isEqualTo("high");

            ChatDevice.connect(RUNTIME, bob, "tablet").close(); // online in between: the next message is news
            alicePhone.send(bob, "NA");
            await().atMost(Duration.ofSeconds(15)).until(() -> pushesTo(token).size() == 3);
        }
    }

    @Test
    void aNewTokenReplacesTheDevicesOldOne() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String old = registeredOffline(bob, "phone", "android");
        String fresh = registeredOffline(bob, "phone", "android");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            alicePhone.send(bob, "bmV3");
        }
        awaitFanoutIdle();
        await().atMost(Duration.ofSeconds(15)).until(() -> pushesTo(fresh).size() == 1);
        assertThat(pushesTo(old)).isEmpty();
    }

    @Test
    void registerPushRefusesAnUnknownPlatformAndAMissingToken() throws Exception {
        try (ChatDevice phone = ChatDevice.connect(RUNTIME, uniqueUser("dan"), "phone")) {
            assertThat(phone.errorCode(Frames.action("registerPush").put("platform", "symbian").put("token", "t")))
                    .isEqualTo("INVALID_FIELD");
            assertThat(phone.errorCode(Frames.action("registerPush").put("platform", "android")))
                    .isEqualTo("MISSING_FIELD");
        }
    }

    private static void awaitFanoutIdle() {
        try (Backend backend = new Backend(RUNTIME)) {
            backend.awaitFanoutIdle();
        }
    }

    /** Connects the device, registers a fresh token, disconnects; returns the token. */
    private static String registeredOffline(String user, String device, String platform) throws Exception {
        String token = "tok-" + UUID.randomUUID();
        try (ChatDevice d = ChatDevice.connect(RUNTIME, user, device)) {
            registerPush(d, platform, token);
        }
        return token;
    }

    private static void registerPush(ChatDevice device, String platform, String token) throws Exception {
        JsonNode ack = device.request(Frames.registerPush(platform, token));
        assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
        assertThat(ack.path("action").asText()).isEqualTo("registerPush");
    }

    private static List<LocalFcm.RecordedPush> pushesTo(String token) {
        return RUNTIME.runtime().fcm().pushes().stream().filter(p -> p.token().equals(token)).toList();
    }

    /** {@code GET /_local/pushes}, the entries for one token. */
    private static List<JsonNode> pushesJson(String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(RUNTIME.runtime().devUrl("pushes")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        Json.read(r.body()).path("pushes").forEach(p -> {
            if (token.equals(p.path("token").asText())) {
                out.add(p);
            }
        });
        return out;
    }
}
