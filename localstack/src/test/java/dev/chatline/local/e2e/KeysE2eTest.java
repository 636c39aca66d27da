package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prekey service through the local runtime: upload, fetch, count, exhaustion, concurrency, bad input. */
class KeysE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    private static JsonNode upload(ChatDevice device, ObjectNode frame) throws InterruptedException {
        JsonNode reply = device.request(frame);
        assertThat(reply.path("type").asText()).as("reply %s", reply).isEqualTo("keysUploaded");
        return reply;
    }

    private static ObjectNode fetch(String userId) {
        return Frames.keysFetch(userId);
    }

    @Test
    void uploadedKeysAreFetchedAsBundlesAndCounted() throws Exception {
        String bob = ChatDevice.uniqueUser("bob");
        String alice = ChatDevice.uniqueUser("alice");
        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            ObjectNode keys = TestKeys.upload(TestKeys.ecKey(), 10, 3);
            JsonNode uploaded = upload(bobPhone, keys);
            assertThat(uploaded.path("preKeys").asInt()).isEqualTo(3);
            assertThat(uploaded.path("kyberPreKeys").asInt()).isEqualTo(3);

            JsonNode bundles = alicePhone.request(fetch(bob));

            assertThat(bundles.path("type").asText()).as("reply %s", bundles).isEqualTo("keyBundles");
            assertThat(bundles.path("userId").asText()).isEqualTo(bob);
            assertThat(bundles.path("devices")).hasSize(1);
            JsonNode d = bundles.path("devices").get(0);
            assertThat(d.path("deviceId").asText()).isEqualTo("phone");
            assertThat(d.path("registrationId").asInt()).isEqualTo(keys.path("registrationId").asInt());
            assertThat(d.path("identityKey").asText()).isEqualTo(keys.path("identityKey").asText());
            assertThat(d.path("signedPreKey")).isEqualTo(keys.path("signedPreKey"));
            assertThat(keys.path("preKeys").findValuesAsText("publicKey")).contains(d.at("/preKey/publicKey").asText());
            assertThat(keys.path("kyberPreKeys").findValuesAsText("publicKey"))
                    .contains(d.at("/kyberPreKey/publicKey").asText());
            assertThat(d.at("/kyberPreKey/keyId").asInt()).isBetween(10, 12);

            JsonNode count = bobPhone.request(Frames.keysCount());
            assertThat(count.path("type").asText()).isEqualTo("keysCount");
            assertThat(count.path("preKeys").asInt()).isEqualTo(2);
            assertThat(count.path("kyberPreKeys").asInt()).isEqualTo(2);
        }
    }

    @Test
    void exhaustedDeviceHandsOutTheLastResortKyberKeyAndNoEcPrekey() throws Exception {
        String bob = ChatDevice.uniqueUser("bob");
        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice alicePhone = ChatDevice.connect(RUNTIME, ChatDevice.uniqueUser("alice"), "phone")) {
            ObjectNode keys = TestKeys.upload(TestKeys.ecKey(), 1, 1);
            upload(bobPhone, keys);
            JsonNode first = alicePhone.request(fetch(bob)).path("devices").get(0);
            JsonNode second = alicePhone.request(fetch(bob).put("deviceId", "phone")).path("devices").get(0);

            assertThat(first.has("preKey")).isTrue();
            assertThat(first.at("/kyberPreKey/keyId").asInt()).isEqualTo(1);
            assertThat(second.has("preKey")).as("%s", second).isFalse();
            assertThat(second.path("kyberPreKey")).isEqualTo(keys.path("kyberLastResort"));
        }
    }

    @Test
    void concurrentFetchersNeverGetTheSameOneTimeKey() throws Exception {
        String bob = ChatDevice.uniqueUser("bob");
        List<ChatDevice> fetchers = new ArrayList<>();
        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            upload(bobPhone, TestKeys.upload(TestKeys.ecKey(), 100, 6));
            for (int i = 0; i < 8; i++) {
                fetchers.add(ChatDevice.connect(RUNTIME, ChatDevice.uniqueUser("fetcher"), "phone"));
            }
            List<String> requestIds = new ArrayList<>();
            for (ChatDevice f : fetchers) { // all in flight at once
                ObjectNode frame = fetch(bob).put("requestId", "concurrent-" + requestIds.size());
                requestIds.add(frame.path("requestId").asText());
                f.ws.send(frame.toString());
            }
            List<Integer> ecIds = new ArrayList<>();
            List<Integer> kyberIds = new ArrayList<>();
            for (int i = 0; i < fetchers.size(); i++) {
                String rid = requestIds.get(i);
                JsonNode d = fetchers.get(i).awaitFrame(fr -> rid.equals(fr.path("requestId").asText()))
                        .path("devices").get(0);
                if (d.has("preKey")) {
                    ecIds.add(d.at("/preKey/keyId").asInt());
                }
                int kyberId = d.at("/kyberPreKey/keyId").asInt();
                if (kyberId != 2) { // 2 = the last-resort key, shared by design
                    kyberIds.add(kyberId);
                }
            }
            assertThat(ecIds).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(6);
            assertThat(kyberIds).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(6);
            JsonNode count = bobPhone.request(Frames.keysCount());
            assertThat(ecIds.size() + count.path("preKeys").asInt()).isEqualTo(6);
            assertThat(kyberIds.size() + count.path("kyberPreKeys").asInt()).isEqualTo(6);
        } finally {
            fetchers.forEach(ChatDevice::close);
        }
    }

    @Test
    void badKeysAndUnknownUsersGetErrorFramesAndTheConnectionStaysUsable() throws Exception {
        try (ChatDevice phone = ChatDevice.connect(RUNTIME, ChatDevice.uniqueUser("carol"), "phone")) {
            ObjectNode shortKey = TestKeys.upload(TestKeys.ecKey().substring(4), 1, 1);
            assertThat(phone.errorCode(shortKey)).isEqualTo("INVALID_FIELD");
            ObjectNode unsigned = TestKeys.upload(TestKeys.ecKey(), 1, 1);
            ((ObjectNode) unsigned.get("signedPreKey")).remove("signature");
            assertThat(phone.errorCode(unsigned)).isEqualTo("MISSING_FIELD");
            assertThat(phone.errorCode(TestKeys.oneTimeOnly(1, 1))).isEqualTo("MISSING_FIELD"); // no identity yet
            assertThat(phone.errorCode(TestKeys.oneTimeOnly(1, 101, 0))).isEqualTo("INVALID_FIELD");
            assertThat(phone.errorCode(TestKeys.oneTimeOnly(1, 0, 41))).isEqualTo("INVALID_FIELD");
            assertThat(phone.errorCode(fetch(ChatDevice.uniqueUser("nobody")))).isEqualTo("UNKNOWN_RECIPIENT");
            assertThat(phone.errorCode(Frames.action("keysFetch"))).isEqualTo("MISSING_FIELD");

            JsonNode ok = upload(phone, TestKeys.upload(TestKeys.ecKey(), 1, 1));
            assertThat(Objects.requireNonNull(ok).path("preKeys").asInt()).isEqualTo(1);
        }
    }
}
