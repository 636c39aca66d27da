package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.transport.Json;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sender keys bound to their group, end to end: what a server that replays or injects gets out of the clients. */
class GroupTrustE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);
    private static int users;

    private static String user(String name) {
        return name + "-gt" + (++users);
    }

    @Test
    void aGroupCiphertextReplayedIntoAnotherGroupIsRefused() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        String hikes = alicePhone.client.createGroup("hikes", List.of(bob));
        String work = alicePhone.client.createGroup("work", List.of(bob));
        alicePhone.client.sendGroupText(hikes, "summit at dawn");
        alicePhone.client.sendGroupText(work, "standup moved");
        assertThat(bobPhone.awaitText("summit at dawn").groupId()).isEqualTo(hikes);
        bobPhone.awaitText("standup moved");

        // a ciphertext of "hikes" (under alice's hikes sender key) posted into "work", as a replaying server would
        DeviceContext ctx = alicePhone.context();
        String hikesBody = ctx.locked(() -> ctx.senderKeys.encrypt(hikes, 0, Content.text("replayed").toBytes()));
        String replayedId = alicePhone.client.call(Json.action("sendMessage")
                .put("clientMsgId", UUID.randomUUID().toString()).put("groupId", work)
                .put("contentType", "signal/group").put("body", hikesBody)).path("messageId").asText();

        RecordingListener.Failure failure = await().atMost(TestDevice.TIMEOUT).until(
                () -> bobPhone.events.failures.stream().findFirst(), Optional::isPresent).get();
        assertThat(failure.messageId()).isEqualTo(replayedId);
        assertThat(failure.error().reason()).isEqualTo(DecryptionException.Reason.WRONG_GROUP);
        assertThat(bobPhone.events.texts()).doesNotContain("replayed");

        alicePhone.client.sendGroupText(work, "work goes on");
        assertThat(bobPhone.awaitText("work goes on").groupId()).isEqualTo(work);
    }
}
