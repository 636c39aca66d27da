package dev.chatline.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.presence.GroupAddPrivacy;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No one is put into a group against their setting or past the cap ({@value #CAP} groups here): a refused add is
 * an invitation the user may accept, decline or let expire; contacts are users the user wrote to first.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupConsentTest {
    private static final int CAP = 3;
    private MessagingFixture f;
    private GroupFixture g;
    private int users;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "consent", null, Map.of(
                MessagingSettings.SEND_RATE_PERMITS, "10000", GroupSettings.MAX_GROUPS_PER_USER, Integer.toString(CAP))));
        g = new GroupFixture(f);
    }

    @AfterAll
    void close() {
        f.close();
    }

    @BeforeEach
    void emptyQueue() {
        f.env.drainAll(f.env.fanoutQueueUrl);
    }

    @Test
    void aUserWhoLetsNobodyAddThemIsInvitedAndJoinsOnlyByAccepting() {
        Identity stranger = user("stranger");
        Identity victim = user("victim");
        f.device(victim.userId(), "tablet");
        Identity bob = user("bob");
        g.presence.setGroupAdd(victim.userId(), GroupAddPrivacy.NOBODY);

        JsonNode info = g.create(stranger, "Spam", List.of(victim.userId(), bob.userId()));
        String groupId = info.path("groupId").asText();
        assertThat(userIds(info)).containsExactlyInAnyOrder(stranger.userId(), bob.userId());
        assertThat(info.path("invited").get(0).asText()).isEqualTo(victim.userId());
        assertThat(g.membership.isMember("g:" + groupId, victim.userId())).isFalse();
        assertThat(g.members.groupsOf(victim.userId())).isEmpty();
        JsonNode created = Json.read(g.history(stranger, groupId).path("messages").get(0).path("body").asText());
        assertThat(created.path("invited").get(0).asText()).as("the audit trail").isEqualTo(victim.userId());
        FanoutJob invite = inviteJob();
        assertThat(invite.frame().path("groupId").asText()).isEqualTo(groupId);
        assertThat(invite.frame().path("invitedBy").asText()).isEqualTo(stranger.userId());
        assertThat(invite.frame().path("name").asText()).isEqualTo("Spam");
        assertThat(invite.targets()).extracting(t -> t.device().key())
                .containsExactlyInAnyOrder(victim.userId() + "#phone", victim.userId() + "#tablet");

        JsonNode joined = Json.read(ProtocolJson.encode(g.service.accept(victim, groupId, null)));
        assertThat(userIds(joined)).contains(victim.userId());
        JsonNode event = Json.read(g.history(stranger, groupId).path("messages").get(0).path("body").asText());
        assertThat(event.path("event").asText()).isEqualTo("joined");
        assertThat(event.path("invitedBy").asText()).isEqualTo(stranger.userId());
        assertThat(code(() -> ProtocolJson.encode(
                g.service.accept(victim, groupId, null)))).isEqualTo(ErrorCode.UNKNOWN_INVITE);
    }

    @Test
    void contactsAreTheUsersTheUserWroteToFirst() {
        Identity victim = user("careful");
        Identity friend = user("friend");
        Identity stranger = user("pushy");
        g.presence.setGroupAdd(victim.userId(), GroupAddPrivacy.CONTACTS);
        f.contacts.addPair(victim.userId(), friend.userId(), 1);
        f.contacts.addPair(stranger.userId(), victim.userId(), 1); // writing first makes no one a contact

        JsonNode byFriend = g.create(friend, "Friends", List.of(victim.userId()));
        JsonNode byStranger = g.create(stranger, "Strangers", List.of(victim.userId()));

        assertThat(userIds(byFriend)).contains(victim.userId());
        assertThat(userIds(byStranger)).doesNotContain(victim.userId());
        assertThat(byStranger.path("invited").get(0).asText()).isEqualTo(victim.userId());
    }

    @Test
    void aDeclinedOrExpiredInvitationCannotBeAccepted() {
        Identity admin = user("admin");
        Identity shy = user("shy");
        g.presence.setGroupAdd(shy.userId(), GroupAddPrivacy.NOBODY);
        String first = g.create(admin, "One", List.of(shy.userId())).path("groupId").asText();
        String second = g.create(admin, "Two", List.of(shy.userId())).path("groupId").asText();

        assertThat(Json.read(ProtocolJson.encode(
                g.service.decline(shy, first), "d1")).path("action").asText()).isEqualTo("groupDecline");
        assertThat(code(() -> ProtocolJson.encode(
                g.service.accept(shy, first, null)))).isEqualTo(ErrorCode.UNKNOWN_INVITE);
        assertThat(code(() -> ProtocolJson.encode(g.service.decline(shy, first)))).isEqualTo(ErrorCode.UNKNOWN_INVITE);
        f.clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(code(() -> ProtocolJson.encode(
                g.service.accept(shy, second, null)))).isEqualTo(ErrorCode.UNKNOWN_INVITE);
        assertThat(g.membership.isMember("g:" + second, shy.userId())).isFalse();
    }

    @Test
    void anInvitationLapsesWhenItsSenderIsNoLongerAnAdmin() {
        Identity admin = user("leaver");
        Identity other = user("stayer");
        Identity invitee = user("invitee");
        g.presence.setGroupAdd(invitee.userId(), GroupAddPrivacy.NOBODY);
        String groupId = g.create(admin, "Lapse", List.of(other.userId(), invitee.userId())).path("groupId")
                .asText();
        ProtocolJson.encode(g.service.leave(admin, groupId, null));

        assertThat(code(() -> ProtocolJson.encode(
                g.service.accept(invitee, groupId, null)))).isEqualTo(ErrorCode.UNKNOWN_INVITE);
        assertThat(g.membership.isMember("g:" + groupId, invitee.userId())).isFalse();
    }

    @Test
    void noOneIsPutIntoMoreGroupsThanTheCap() {
        Identity popular = user("popular");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            groups.add(g.create(user("adder"), "G" + i, List.of(popular.userId())).path("groupId").asText());
        }
        JsonNode fourth = g.create(user("adder"), "G" + CAP, List.of(popular.userId()));

        assertThat(userIds(fourth)).doesNotContain(popular.userId());
        assertThat(fourth.path("invited").get(0).asText()).isEqualTo(popular.userId());
        assertThat(code(() -> g.create(popular, "Mine", List.of()))).isEqualTo(ErrorCode.TOO_MANY_GROUPS);
        String invitedTo = fourth.path("groupId").asText();
        assertThat(code(() -> ProtocolJson.encode(g.service.accept(popular, invitedTo, null))))
                .isEqualTo(ErrorCode.TOO_MANY_GROUPS);

        ProtocolJson.encode(g.service.leave(popular, groups.get(0), null));
        assertThat(userIds(Json.read(ProtocolJson.encode(
                g.service.accept(popular, invitedTo, null))))).contains(popular.userId());
        assertThat(g.users.groupCounts(List.of(popular.userId()))).containsEntry(popular.userId(), CAP);
    }

    @Test
    void aRetryWithTheSameOpIdGetsTheSameOutcomeAndChangesNothingTwice() {
        Identity admin = user("retrier");
        Identity gone = user("gone");
        String groupId = g.create(admin, "Retry", List.of(gone.userId())).path("groupId").asText();
        JsonNode removed = Json.read(ProtocolJson.encode(
                g.service.remove(admin, groupId, gone.userId(), "op-1"), "r1"));
        JsonNode again = Json.read(ProtocolJson.encode(g.service.remove(admin, groupId, gone.userId(), "op-1"), "r2"));

        assertThat(again.path("seq").asLong()).isEqualTo(removed.path("seq").asLong());
        assertThat(again.path("requestId").asText()).isEqualTo("r2");
        assertThat(g.history(admin, groupId).path("messages")).hasSize(2);
        assertThat(code(() -> ProtocolJson.encode(g.service.add(admin, groupId, List.of(gone.userId()), "op-1"))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        JsonNode created = Json.read(ProtocolJson.encode(g.service.create(admin, "Once", List.of(), "op-2")));
        assertThat(Json.read(ProtocolJson.encode(
                g.service.create(admin, "Once", List.of(), "op-2"))).path("groupId").asText())
                .isEqualTo(created.path("groupId").asText());
    }

    private Identity user(String name) {
        return f.device(name + "-" + (++users), "phone");
    }

    private FanoutJob inviteJob() {
        return f.env.drainAll(f.env.fanoutQueueUrl).stream().map(m -> FanoutJob.fromJson(m.body()))
                .filter(j -> "groupInvite".equals(j.frame().path("type").asText())).findFirst().orElseThrow();
    }

    private static List<String> userIds(JsonNode info) {
        List<String> out = new ArrayList<>();
        info.path("members").forEach(m -> out.add(m.path("userId").asText()));
        return out;
    }

    private static ErrorCode code(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no ProtocolException");
    }
}
