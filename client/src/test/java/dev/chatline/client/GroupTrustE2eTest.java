package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.aws.TransactionWrite;
import dev.chatline.client.groups.GroupRoster;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.SendMessage;
import dev.chatline.groups.GroupMemberStore;
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
        String replayedId = alicePhone.client.call(SendMessage.toGroup(UUID.randomUUID().toString(), work, hikesBody,
                "signal/group"), Acks.SendMessageAck.class).messageId();

        RecordingListener.Failure failure = await().atMost(TestDevice.TIMEOUT).until(
                () -> bobPhone.events.failures.stream().findFirst(), Optional::isPresent).get();
        assertThat(failure.messageId()).isEqualTo(replayedId);
        assertThat(failure.error().reason()).isEqualTo(DecryptionException.Reason.WRONG_GROUP);
        assertThat(bobPhone.events.texts()).doesNotContain("replayed");

        alicePhone.client.sendGroupText(work, "work goes on");
        assertThat(bobPhone.awaitText("work goes on").groupId()).isEqualTo(work);
    }

    /**
     * The active attack: a malicious server writes a member row for mallory straight into DynamoDB (no group change,
     * no admin involved). The server now lists mallory in groupInfo and fans the group's messages out to her, but
     * the honest members' clients hold alice's roster (pairwise encrypted, from the admin) that does not name
     * mallory: they give her no sender key and warn, so she can decrypt nothing. Her own roster claiming admin
     * rights is refused.
     */
    @Test
    void aMemberInjectedIntoTheGroupTablesGetsNoSenderKeyAndTheMembersAreWarned() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String mallory = user("mallory");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        TestDevice malloryPhone = devices.connect(mallory, "phone");
        String groupId = alicePhone.client.createGroup("plans", List.of(bob));
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.context().rosters.roster(groupId).isPresent());
        SentMessage before = alicePhone.client.sendGroupText(groupId, "before the injection");
        bobPhone.awaitText("before the injection");

        GroupMemberStore members = new GroupMemberStore(RUNTIME.awsClients().dynamoDb(), RUNTIME.awsClients().config());
        TransactionWrite.transact(RUNTIME.awsClients().dynamoDb(), List.of(members.add(new GroupMemberStore.Member(
                groupId, mallory, GroupMemberStore.Role.ADMIN, before.seq(), System.currentTimeMillis(), "plans"))));
        assertThat(alicePhone.client.call(new GroupActions.GroupInfo(groupId), MembershipFrames.GroupInfo.class)
                .members()).extracting(MembershipFrames.GroupInfo.Member::userId)
                .as("the server now lists mallory").contains(mallory);

        // mallory, as an "admin", tries to vouch for herself
        GroupRoster forged = new GroupRoster(groupId, 99, List.of(alice, bob, mallory), List.of(mallory), List.of());
        sendPairwise(malloryPhone, bob, forged);

        SentMessage fromBob = bobPhone.client.sendGroupText(groupId, "bob's secret plan");
        SentMessage fromAlice = alicePhone.client.sendGroupText(groupId, "alice's secret plan");
        alicePhone.awaitText("bob's secret plan");
        bobPhone.awaitText("alice's secret plan");

        for (TestDevice honest : List.of(alicePhone, bobPhone)) {
            assertThat(honest.events.membershipWarnings).as("warnings on %s", honest.address)
                    .anyMatch(w -> w.startsWith(groupId + " " + mallory + " listed as a member by the server"));
            assertThat(honest.context().contacts.senderKeySentTo(groupId)).noneMatch(d -> d.startsWith(mallory + "#"));
        }
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.membershipWarnings.stream()
                .anyMatch(w -> w.startsWith(groupId + " " + mallory + " sent a roster")));
        assertThat(bobPhone.context().rosters.roster(groupId).orElseThrow().vouchesFor(mallory)).isFalse();

        // the server did deliver both ciphertexts to mallory's device: she holds them, undecryptable
        await().atMost(TestDevice.TIMEOUT).until(() -> malloryPhone.client.call(new ClientMessage.History(
                "g:" + groupId, null, null), ChatFrames.History.class).messages().size() >= 2);
        malloryPhone.client.sync();
        assertThat(malloryPhone.events.texts()).isEmpty();
        assertThat(List.of(fromBob.messageId(), fromAlice.messageId())).allSatisfy(id -> assertThat(
                malloryPhone.events.messages).noneMatch(m -> m.messageId().equals(id)));
    }

    private static void sendPairwise(TestDevice from, String to, GroupRoster roster) throws Exception {
        from.context().establishSessions(to, null);
        DeviceContext ctx = from.context();
        List<SendMessage.Envelope> envelopes = new java.util.ArrayList<>();
        for (var device : ctx.contacts.devices(to)) {
            envelopes.add(ctx.locked(() -> ctx.pairwise.encrypt(device, roster.toBytes())).toWire());
        }
        from.client.call(new SendMessage(UUID.randomUUID().toString(), to, null, null, GroupRoster.CONTENT_TYPE,
                envelopes, List.of()));
    }
}
