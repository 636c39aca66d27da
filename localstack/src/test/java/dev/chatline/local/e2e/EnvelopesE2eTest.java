package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.SendMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 1:1 sends with per-device envelopes through the local runtime: the device check and per-device delivery. */
class EnvelopesE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    /** sendMessage with one envelope per (user, device); each body names its device. */
    private static ObjectNode send(String to, List<ChatDevice> devices, String tag) {
        List<SendMessage.Envelope> envelopes = devices.stream()
                .map(d -> new SendMessage.Envelope(d.userId, d.deviceId, "prekey", body(tag, d), null)).toList();
        return Frames.of(new SendMessage(Frames.newClientMsgId(), to, null, null, "signal/text", envelopes, List.of()));
    }

    private static String body(String tag, ChatDevice d) {
        return java.util.Base64.getEncoder().encodeToString((tag + "|" + d.userId + "|" + d.deviceId).getBytes());
    }

    private static List<String> devices(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("userId").asText() + "/" + n.path("deviceId").asText()));
        return out;
    }

    @Test
    void mismatchedEnvelopesAreRefusedNamingMissingAndExtraDevices() throws Exception {
        String alice = ChatDevice.uniqueUser("alice");
        String bob = ChatDevice.uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice bobTablet = ChatDevice.connect(RUNTIME, bob, "tablet")) {
            ObjectNode frame = send(bob, List.of(bobPhone, alicePhone), "x");
            ((ArrayNode) frame.get("envelopes")).addObject().put("userId", bob).put("deviceId", "retired")
                    .put("type", "message").put("body", "QQ==");

            JsonNode error = alicePhone.request(frame);

            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("DEVICE_MISMATCH");
            assertThat(error.path("clientMsgId").asText()).isEqualTo(frame.path("clientMsgId").asText());
            assertThat(devices(error.path("missingDevices"))).containsExactlyInAnyOrder(bob + "/tablet",
                    alice + "/laptop");
            assertThat(devices(error.path("extraDevices"))).containsExactlyInAnyOrder(bob + "/retired",
                    alice + "/phone");
            // corrected, the same connection sends fine
            JsonNode ack = alicePhone.request(send(bob, List.of(bobPhone, bobTablet, aliceLaptop), "y"));
            assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
        }
    }

    @Test
    void eachDeviceGetsOnlyItsOwnEnvelopeLiveAndOnSync() throws Exception {
        String alice = ChatDevice.uniqueUser("alice");
        String bob = ChatDevice.uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            ChatDevice bobTablet = ChatDevice.connect(RUNTIME, bob, "tablet");
            bobTablet.close(); // registered, now offline
            ChatDevice tabletRef = bobTablet;

            JsonNode ack = alicePhone.request(send(bob, List.of(bobPhone, tabletRef, aliceLaptop), "hello"));
            assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
            String messageId = ack.path("messageId").asText();

            JsonNode atPhone = bobPhone.awaitMessage(messageId);
            assertThat(atPhone.path("envelope").path("body").asText()).isEqualTo(body("hello", bobPhone));
            assertThat(atPhone.path("envelope").path("type").asText()).isEqualTo("prekey");
            assertThat(atPhone.has("body")).isFalse();
            assertThat(atPhone.path("from").path("deviceId").asText()).isEqualTo("phone");
            JsonNode atLaptop = aliceLaptop.awaitMessage(messageId);
            assertThat(atLaptop.path("envelope").path("body").asText()).isEqualTo(body("hello", aliceLaptop));

            try (ChatDevice tablet = ChatDevice.connect(RUNTIME, bob, "tablet")) {
                ChatDevice.SyncPage page = tablet.sync(null);
                assertThat(page.messageIds()).containsExactly(messageId);
                JsonNode synced = page.messages().get(0);
                assertThat(synced.path("envelope").path("body").asText()).isEqualTo(body("hello", tabletRef));
                assertThat(synced.toString()).doesNotContain(body("hello", bobPhone), body("hello", aliceLaptop));
            }
            assertThat(alicePhone.pending("message")).isEmpty(); // the sending device gets no copy
        }
    }
}
