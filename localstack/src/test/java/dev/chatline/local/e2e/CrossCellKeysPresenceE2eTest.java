package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.testing.TestKeys;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alice lives in cell a, bob in cell b, on one runtime with two cells. Alice fetches bob's key bundles from her
 * cell (forwarded to b's {@code cellCall}, which takes each one-time key once), subscribes to his presence (stored
 * in b, answered from there) and sees him go offline and online again (b's changes relayed to a).
 */
class CrossCellKeysPresenceE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(LocalRuntimeExtension.defaults()
            .withCells(List.of("a", "b")));

    @Test
    void aliceFetchesBundlesOfBobInAnotherCellAndEachOneTimeKeyIsHandedOutOnce() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "b", bob, "phone")) {
            JsonNode uploaded = bobPhone.request(TestKeys.upload(TestKeys.ecKey(), 10, 2));
            assertThat(uploaded.path("type").asText()).as("reply %s", uploaded).isEqualTo("keysUploaded");

            JsonNode first = bundleOf(alicePhone, bob);
            JsonNode second = bundleOf(alicePhone, bob);
            JsonNode third = bundleOf(alicePhone, bob);

            assertThat(first.path("identityKey").asText()).isNotEmpty();
            assertThat(List.of(first.path("preKey").path("keyId").asLong(),
                    second.path("preKey").path("keyId").asLong())).containsExactlyInAnyOrder(10L, 11L);
            assertThat(third.has("preKey")).as("none left after two fetches").isFalse();
            assertThat(bobPhone.request(Frames.keysCount()).path("preKeys").asInt()).isZero();
            assertThat(alicePhone.errorCode(Frames.keysFetch(bob).put("deviceId", "no-such")))
                    .isEqualTo("UNKNOWN_RECIPIENT");
        }
    }

    @Test
    void aliceSubscribesToBobInAnotherCellAndSeesHimGoOfflineAndOnline() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone")) {
            ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "b", bob, "phone");
            // contacts: the chat's first message, stored in a and relayed into b (which records the contacts there)
            bobPhone.awaitMessage(alicePhone.send(bob, "aGk").messageId());

            JsonNode answer = alicePhone.request(Frames.presenceSubscribe(List.of(bob)));
            assertThat(answer.path("users").get(0).path("userId").asText()).isEqualTo(bob);
            assertThat(answer.path("users").get(0).path("online").asBoolean()).isTrue();

            bobPhone.close();
            JsonNode offline = alicePhone.awaitFrame(presencePush(bob, false));
            assertThat(offline.path("users").get(0).path("lastSeen").asLong()).isPositive();
            try (ChatDevice again = ChatDevice.connect(RUNTIME, "b", bob, "tablet")) {
                assertThat(alicePhone.awaitFrame(presencePush(bob, true)).path("users").get(0).has("lastSeen"))
                        .isFalse();
            }
        }
    }

    private static JsonNode bundleOf(ChatDevice requester, String userId) throws InterruptedException {
        JsonNode bundles = requester.request(Frames.keysFetch(userId));
        assertThat(bundles.path("type").asText()).as("reply %s", bundles).isEqualTo("keyBundles");
        assertThat(bundles.path("devices")).hasSize(1);
        return bundles.path("devices").get(0);
    }

    private static Predicate<JsonNode> presencePush(String userId, boolean online) {
        return f -> Frames.isType(f, "presence") && !f.has("requestId")
                && f.path("users").get(0).path("userId").asText().equals(userId)
                && f.path("users").get(0).path("online").asBoolean() == online;
    }
}
