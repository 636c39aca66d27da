package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.KeysFrames.IdentityChanged;
import dev.chatline.protocol.MembershipFrames.GroupInfo;
import dev.chatline.testing.TestKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reinstalled device (new identity key) is announced to the users who share a chat with its user. */
class IdentityChangedE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    private static void upload(ChatDevice d, String identityKey) throws InterruptedException {
        JsonNode reply = d.request(TestKeys.upload(identityKey, 1, 2));
        assertThat(reply.path("type").asText()).as("%s", reply).isEqualTo("keysUploaded");
    }

    @Test
    void reuploadWithANewIdentityKeyNotifiesChatPeersAndGroupCoMembersLiveAndOnSync() throws Exception {
        String alice = ChatDevice.uniqueUser("alice");
        String bob = ChatDevice.uniqueUser("bob");
        String stranger = ChatDevice.uniqueUser("stranger");
        String gina = ChatDevice.uniqueUser("gina");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice strangerPhone = ChatDevice.connect(RUNTIME, stranger, "phone");
             ChatDevice ginaPhone = ChatDevice.connect(RUNTIME, gina, "phone")) {
            ChatDevice.connect(RUNTIME, alice, "laptop").close(); // registered, offline
            upload(bobPhone, TestKeys.ecKey());
            alicePhone.send(bob, "aGk="); // alice and bob now share a chat
            // gina shares only a group with bob
            bobPhone.call(new GroupActions.GroupCreate(null, "climbing", List.of(gina)), GroupInfo.class);
            upload(bobPhone, TestKeys.ecKey()); // reinstall: a new identity key

            IdentityChanged live = alicePhone.await(IdentityChanged.class, f -> true);
            assertThat(live.userId()).isEqualTo(bob);
            assertThat(live.deviceId()).isEqualTo("phone");
            assertThat(live.ts()).isPositive();
            assertThat(ginaPhone.await(IdentityChanged.class, f -> true).userId()).isEqualTo(bob);

            try (ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop")) {
                aliceLaptop.sync(null);
                IdentityChanged synced = aliceLaptop.await(IdentityChanged.class, f -> true, Duration.ofSeconds(1));
                assertThat(synced.userId()).isEqualTo(bob);
            }
            // an identical identity key is no change, and strangers never hear of it
            JsonNode again = bobPhone.request(TestKeys.oneTimeOnly(50, 1));
            assertThat(again.path("type").asText()).isEqualTo("keysUploaded");
            new Backend(RUNTIME).awaitFanoutIdle();
            assertThat(strangerPhone.pending("identityChanged")).isEmpty();
            assertThat(alicePhone.pending("identityChanged")).isEmpty();
        }
    }
}
