package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 1:1 sends with per-device envelopes through the local runtime: the device check and per-device delivery. */
class EnvelopesE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    /** sendMessage with one envelope per (user, device), each body naming its device, and the {@code others}. */
    private static SendMessage send(String to, List<ChatDevice> devices, String tag, SendMessage.Envelope... others) {
        List<SendMessage.Envelope> envelopes = new ArrayList<>(devices.stream()
                .map(d -> new SendMessage.Envelope(d.userId, d.deviceId, "prekey", body(tag, d), null)).toList());
        envelopes.addAll(List.of(others));
        return SendMessage.withEnvelopes(Frames.newClientMsgId(), to, "signal/text", envelopes);
    }

    private static String body(String tag, ChatDevice d) {
        return java.util.Base64.getEncoder().encodeToString((tag + "|" + d.userId + "|" + d.deviceId).getBytes());
    }

    private static List<String> devices(List<ServerFrame.DeviceRef> list) {
        return list.stream().map(d -> d.userId() + "/" + d.deviceId()).toList();
    }

    @Test
    void mismatchedEnvelopesAreRefusedNamingMissingAndExtraDevices() throws Exception {
        String alice = ChatDevice.uniqueUser("alice");
        String bob = ChatDevice.uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice bobTablet = ChatDevice.connect(RUNTIME, bob, "tablet")) {
            SendMessage message = send(bob, List.of(bobPhone, alicePhone), "x",
                    new SendMessage.Envelope(bob, "retired", "message", "QQ==", null));

            ServerFrame.Error error = alicePhone.call(message, ServerFrame.Error.class);

            assertThat(error.code()).isEqualTo(ErrorCode.DEVICE_MISMATCH);
            assertThat(error.clientMsgId()).isEqualTo(message.clientMsgId());
            assertThat(devices(error.missingDevices())).containsExactlyInAnyOrder(bob + "/tablet", alice + "/laptop");
            assertThat(devices(error.extraDevices())).containsExactlyInAnyOrder(bob + "/retired", alice + "/phone");
            // corrected, the same connection sends fine
            alicePhone.call(send(bob, List.of(bobPhone, bobTablet, aliceLaptop), "y"), Acks.SendMessageAck.class);
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

            String messageId = alicePhone.call(send(bob, List.of(bobPhone, tabletRef, aliceLaptop), "hello"),
                    Acks.SendMessageAck.class).messageId();

            ChatFrames.Message atPhone = bobPhone.received(messageId);
            assertThat(atPhone.envelope()).isEqualTo(new ChatFrames.OwnEnvelope("prekey", body("hello", bobPhone)));
            assertThat(atPhone.body()).isNull();
            assertThat(atPhone.from().deviceId()).isEqualTo("phone");
            assertThat(aliceLaptop.received(messageId).envelope().body()).isEqualTo(body("hello", aliceLaptop));

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
