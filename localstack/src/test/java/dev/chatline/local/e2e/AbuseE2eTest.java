package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.keys.KeysSettings;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.media.MediaQuota;
import dev.chatline.ratelimit.RouteLimits.Bucket;
import dev.chatline.testing.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Abuse scenarios against one victim, each showing the victim unaffected: draining a device's one-time prekeys,
 * flooding contacts with identity changes, asking for unlimited media upload URLs, forging a group change message.
 * Limits are small here (system properties the functions read at cold start): {@value #HANDOUTS} one-time prekey
 * handouts per device and hour, {@value #IDENTITY_CHANGES} identity changes per user and hour,
 * {@value #MEDIA_URLS} upload URLs per user and minute, {@value #DAILY_MB} MB of upload URLs per user and day.
 */
class AbuseE2eTest {
    private static final int HANDOUTS = 5;
    private static final int IDENTITY_CHANGES = 2;
    private static final int MEDIA_URLS = 5;
    private static final int DAILY_MB = 250;
    private static final long MB = 1024 * 1024;
    private static final Map<String, String> LIMITS = Map.of(
            KeysSettings.HANDOUT_PERMITS, Integer.toString(HANDOUTS),
            KeysSettings.IDENTITY_CHANGE_PERMITS, Integer.toString(IDENTITY_CHANGES),
            Bucket.MEDIA_UPLOAD.permitsKey(), Integer.toString(MEDIA_URLS),
            MediaQuota.DAILY_BYTES, Long.toString(DAILY_MB * MB));

    static {
        LIMITS.forEach(System::setProperty);
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @AfterAll
    static void clearLimits() {
        LIMITS.keySet().forEach(System::clearProperty);
    }

    @Test
    void tenAccountsFetchingOneUsersBundlesCannotDrainItsOneTimeKeysAndEveryoneStillGetsABundle() throws Exception {
        List<ChatDevice> attackers = new ArrayList<>();
        try (ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            ObjectNode keys = TestKeys.upload(TestKeys.ecKey(), 1, 30);
            assertThat(victim.request(keys).path("preKeys").asInt()).isEqualTo(30);
            for (int a = 0; a < 10; a++) {
                attackers.add(ChatDevice.connect(RUNTIME, uniqueUser("drainer"), "phone"));
            }

            List<JsonNode> bundles = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (ChatDevice attacker : attackers) {
                    JsonNode reply = attacker.request(Frames.keysFetch(victim.userId));
                    assertThat(reply.path("type").asText()).as("%s", reply).isEqualTo("keyBundles");
                    bundles.add(reply.path("devices").get(0));
                }
            }

            assertThat(bundles.stream().filter(b -> b.has("preKey"))).hasSize(HANDOUTS);
            JsonNode counts = victim.request(Frames.keysCount());
            assertThat(counts.path("preKeys").asInt()).as("the victim keeps its keys").isEqualTo(30 - HANDOUTS);
            assertThat(counts.path("kyberPreKeys").asInt()).isEqualTo(30 - HANDOUTS);
            try (ChatDevice friend = ChatDevice.connect(RUNTIME, uniqueUser("friend"), "phone")) {
                JsonNode bundle = friend.request(Frames.keysFetch(victim.userId))
                        .path("devices").get(0);
                // a usable bundle: identity, signed prekey and the last-resort Kyber key (X3DH/PQXDH without the
                // one-time EC key, as when a device has none left)
                assertThat(bundle.path("identityKey").asText()).isEqualTo(keys.path("identityKey").asText());
                assertThat(bundle.path("signedPreKey")).isEqualTo(keys.path("signedPreKey"));
                assertThat(bundle.path("kyberPreKey")).isEqualTo(keys.path("kyberLastResort"));
                assertThat(bundle.has("preKey")).isFalse();
            }
        } finally {
            attackers.forEach(ChatDevice::close);
        }
    }

    @Test
    void aDeviceFlippingItsIdentityReachesItsContactsOnlyUpToTheLimit() throws Exception {
        try (ChatDevice flipper = ChatDevice.connect(RUNTIME, uniqueUser("flipper"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            assertThat(flipper.request(TestKeys.upload(TestKeys.ecKey(), 1, 2)).path("type").asText())
                    .isEqualTo("keysUploaded");
            flipper.send(victim.userId, "aGk="); // now the victim is a contact
            ObjectNode last = null;
            for (int i = 0; i < IDENTITY_CHANGES; i++) {
                last = TestKeys.upload(TestKeys.ecKey(), 10 * (i + 1), 2);
                assertThat(flipper.request(last).path("type").asText()).isEqualTo("keysUploaded");
            }

            JsonNode refused = flipper.request(TestKeys.upload(TestKeys.ecKey(), 100, 2));

            assertThat(refused.path("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(refused.path("retryAfterMs").asLong()).isBetween(1L, 3_600_000L);
            Hammer.assertStillUsable(flipper);
            new Backend(RUNTIME).awaitFanoutIdle();
            assertThat(victim.pending("identityChanged")).hasSize(IDENTITY_CHANGES);
            JsonNode stored = victim.request(Frames.keysFetch(flipper.userId));
            assertThat(stored.at("/devices/0/identityKey").asText()).as("the refused upload changed nothing")
                    .isEqualTo(last.path("identityKey").asText());
        }
    }

    @Test
    void uploadUrlsStopAtTheDailyQuotaAndTheRateLimitWhileOtherUsersStillUpload() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("hoarder"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            String digest = sha256(new byte[] {1});
            for (int i = 0; i < 2; i++) {
                assertThat(attacker.request(upload("video/mp4", 100 * MB, digest)).path("type").asText())
                        .isEqualTo("mediaUpload");
            }

            JsonNode overQuota = attacker.request(upload("video/mp4", 100 * MB, digest));

            assertThat(overQuota.path("code").asText()).as("%s", overQuota).isEqualTo("MEDIA_QUOTA_EXCEEDED");
            assertThat(overQuota.path("retryAfterMs").asLong()).isBetween(1L, 86_400_000L);
            // what still fits today is issued, until the per-minute limit ends it
            Hammer.untilRefused(attacker, MEDIA_URLS - 3, MEDIA_URLS,
                    () -> upload("image/png", 1 * MB, digest));
            Hammer.assertStillUsable(attacker);

            byte[] blob = "the victim's own photo".getBytes();
            JsonNode url = victim.request(upload("image/png", blob.length, sha256(blob)));
            assertThat(url.path("type").asText()).as("%s", url).isEqualTo("mediaUpload");
            assertThat(put(url, blob).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMemberCannotForgeAGroupChangeMessageButRealChangesStillArrive() throws Exception {
        try (ChatDevice admin = ChatDevice.connect(RUNTIME, uniqueUser("admin"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone");
             ChatDevice forger = ChatDevice.connect(RUNTIME, uniqueUser("forger"), "phone")) {
            String groupId = admin.request(Frames.groupCreate("team", List.of(victim.userId, forger.userId)))
                    .path("groupId").asText();
            victim.awaitFrame(f -> Frames.isType(f, "message") && f.path("body").asText().contains("created"));
            ObjectNode forged = Frames.sendToGroup(Frames.newClientMsgId(), groupId,
                    "{\"event\":\"removed\",\"userIds\":[\"" + victim.userId + "\"]}");
            forged.put("contentType", "chatline/system");

            JsonNode refused = forger.request(forged);

            assertThat(refused.path("code").asText()).isEqualTo("INVALID_FIELD");
            assertThat(refused.path("message").asText()).contains("contentType", "reserved");
            String next = forger.request(Frames.sendToGroup(Frames.newClientMsgId(), groupId, "aGk="))
                    .path("messageId").asText();
            victim.awaitMessage(next); // posted after anything the forged send could have posted
            assertThat(victim.pending("message")).noneMatch(m -> m.path("from").path("userId").asText()
                    .equals(forger.userId) && m.path("contentType").asText().startsWith("chatline/"));
            JsonNode history = victim.request(Frames.history("g:" + groupId, null, 50));
            assertThat(history.path("messages")).filteredOn(m -> m.path("contentType").asText()
                    .equals("chatline/system")).allSatisfy(m -> assertThat(m.at("/from/userId").asText())
                    .isEqualTo(admin.userId));

            admin.request(Frames.groupChange("groupRemove", groupId, List.of(forger.userId)));
            JsonNode removed = victim.awaitFrame(f -> Frames.isType(f, "message")
                    && f.path("body").asText().contains("removed"));
            assertThat(removed.path("contentType").asText()).isEqualTo("chatline/system");
            assertThat(removed.at("/from/userId").asText()).isEqualTo(admin.userId);
            assertThat(removed.path("body").asText()).contains(forger.userId);
        }
    }

    private static ObjectNode upload(String contentType, long size, String sha256) {
        return Frames.mediaUpload(contentType, size, sha256);
    }

    private static HttpResponse<String> put(JsonNode upload, byte[] blob) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!"content-length".equals(h.getKey())) { // the client sets it from the body
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
