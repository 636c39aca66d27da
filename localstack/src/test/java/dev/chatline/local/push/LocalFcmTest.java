package dev.chatline.local.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.Json;
import org.junit.jupiter.api.Test;

/** The local FCM endpoint answers like FCM's HTTP v1 API (the Firebase Admin SDK parses these answers). */
class LocalFcmTest {
    private static final String SEND = "/v1/projects/chatline-local/messages:send";
    private final LocalFcm fcm = new LocalFcm();

    private static String message(String token) {
        return "{\"message\":{\"token\":\"" + token + "\",\"data\":{\"chatId\":\"d:a:b\"}}}";
    }

    @Test
    void aSendIsRecordedAndAnsweredWithTheMessageName() {
        LocalFcm.Answer answer = fcm.send(SEND, message("t1"), "Bearer x");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(Json.read(answer.json()).path("name").asText()).startsWith("projects/chatline-local/messages/");
        assertThat(fcm.pushes()).singleElement().satisfies(p -> {
            assertThat(p.token()).isEqualTo("t1");
            assertThat(p.accepted()).isTrue();
            assertThat(p.message().path("data").path("chatId").asText()).isEqualTo("d:a:b");
        });
        assertThat(Json.read(fcm.pushesJson()).path("pushes").get(0).path("token").asText()).isEqualTo("t1");
    }

    @Test
    void anUnregisteredTokenGetsFcmsNotFoundWithTheUnregisteredErrorCode() {
        fcm.markUnregistered("dead");
        LocalFcm.Answer answer = fcm.send(SEND, message("dead"), "Bearer x");
        JsonNode error = Json.read(answer.json()).path("error");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(error.path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.path("details").get(0).path("errorCode").asText()).isEqualTo("UNREGISTERED");
        assertThat(fcm.pushes()).singleElement().satisfies(p -> assertThat(p.accepted()).isFalse());
    }

    @Test
    void requestsWithoutCredentialsTokenOrKnownMethodAreRefused() {
        assertThat(fcm.send(SEND, message("t1"), null).status()).isEqualTo(401);
        assertThat(fcm.send(SEND, "{\"message\":{}}", "Bearer x").status()).isEqualTo(400);
        assertThat(fcm.send(SEND, "not json", "Bearer x").status()).isEqualTo(400);
        assertThat(fcm.send("/v1/projects/p/other", message("t1"), "Bearer x").status()).isEqualTo(404);
        assertThat(fcm.pushes()).isEmpty();
    }

    @Test
    void theLogFingerprintIsShortAndIsNotTheToken() {
        assertThat(LocalFcm.fingerprint("secret-token")).hasSize(8).doesNotContain("secret");
    }
}
