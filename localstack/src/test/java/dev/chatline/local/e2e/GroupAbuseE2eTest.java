package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.faults.TransactionFaults;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.MembershipFrames.GroupInfo;
import dev.chatline.protocol.MembershipFrames.GroupInvite;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Groups under abuse, end to end through the local gateway: a stranger cannot put a user into a group against the
 * user's setting (the user gets an invitation instead, and joins only by accepting it); however many groups a
 * user is put into, their group list comes in pages that fit API Gateway's message limit; an add that does not fit
 * changes nothing; a large creation that dies half way is completed exactly once by its retry; an admin removed
 * while its add is in flight adds nobody.
 */
class GroupAbuseE2eTest {
    /** Every route allowed API Gateway's full 29 s: the embedded moto is slow with groups of hundreds. */
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withFunctions(FunctionCatalog.ALL.stream()
            .map(f -> f.trigger() instanceof Trigger.Route ? new FunctionDef(f.name(), f.handlerClass(), f.artifact(),
                    f.memoryMb(), Duration.ofSeconds(29), f.trigger(), f.access()) : f).toList());
    private static final Duration LONG = Duration.ofSeconds(60);
    /** API Gateway's limit on one WebSocket message. */
    private static final int MESSAGE_LIMIT = 128 * 1024;

    @AfterEach
    void disarm() {
        TransactionFaults.clear();
    }

    @Test
    void aStrangerCannotPutAUserWhoLetsNobodyAddThemIntoAGroupButCanInviteThem() throws Exception {
        try (ChatDevice victim = connect("victim"); ChatDevice stranger = connect("stranger");
             ChatDevice bob = connect("bob")) {
            assertThat(settings(victim, "nobody").groupAdd()).isEqualTo("nobody");

            GroupInfo info = create(stranger, "Spam", victim.userId, bob.userId);
            String groupId = info.groupId();
            assertThat(memberIds(info)).containsExactlyInAnyOrder(stranger.userId, bob.userId);
            assertThat(info.invited()).containsExactly(victim.userId);
            GroupInvite invite = victim.await(GroupInvite.class, i -> true, LONG);
            assertThat(invite.groupId()).isEqualTo(groupId);
            assertThat(invite.invitedBy()).isEqualTo(stranger.userId);
            assertThat(groupIds(victim)).isEmpty();
            assertThat(victim.refusal(SendMessage.toGroup(Frames.newClientMsgId(), groupId, "not yet", null)))
                    .isEqualTo(ErrorCode.FORBIDDEN);

            GroupInfo joined = victim.call(new GroupActions.GroupAccept(null, groupId), GroupInfo.class);
            assertThat(memberIds(joined)).contains(victim.userId);
            ChatFrames.Message event = bob.await(ChatFrames.Message.class, m -> m.body().contains("\"joined\""), LONG);
            assertThat(Frames.parse(event.body()).path("invitedBy").asText()).isEqualTo(stranger.userId);
            assertThat(groupIds(victim)).containsExactly(groupId);
        }
    }

    @Test
    void withContactsOnlyAUserTheVictimWroteToFirstAddsThemDirectly() throws Exception {
        try (ChatDevice victim = connect("careful"); ChatDevice friend = connect("friend");
             ChatDevice stranger = connect("pushy")) {
            settings(victim, "contacts");
            victim.send(friend.userId, "hi friend");
            stranger.send(victim.userId, "hi, I write first"); // a stranger cannot make himself a contact

            GroupInfo byStranger = create(stranger, "Pushy", victim.userId);
            GroupInfo byFriend = create(friend, "Friends", victim.userId);

            assertThat(memberIds(byStranger)).doesNotContain(victim.userId);
            assertThat(byStranger.invited()).containsExactly(victim.userId);
            assertThat(memberIds(byFriend)).contains(victim.userId);
        }
    }

    @Test
    void aUserPutIntoManyGroupsWithLongNamesStillGetsEveryGroupInPagesBelowTheMessageLimit() throws Exception {
        String longName = "€".repeat(100); // 300 bytes of UTF-8
        int groups = 105;
        try (ChatDevice victim = connect("popular")) {
            List<ChatDevice> adders = new ArrayList<>();
            for (int a = 0; a < 6; a++) { // 18 creations each, within groupCreate's 20 per hour and user
                adders.add(connect("adder"));
            }
            for (int i = 0; i < groups; i++) {
                JsonNode info = adders.get(i % adders.size()).request(Frames.groupCreate(longName,
                        List.of(victim.userId)), LONG);
                assertThat(info.path("type").asText()).as("%s", info).isEqualTo("groupInfo");
            }
            List<String> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                ObjectNode list = Frames.groupList();
                if (cursor != null) {
                    list.put("cursor", cursor);
                }
                JsonNode page = victim.request(list);
                assertThat(page.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(MESSAGE_LIMIT);
                assertThat(page.path("groups").size()).isLessThanOrEqualTo(100);
                listed.addAll(page.path("groups").findValuesAsText("groupId"));
                cursor = page.path("more").asBoolean() ? page.path("cursor").asText() : null;
                pages++;
            } while (cursor != null);
            assertThat(listed).hasSize(groups).doesNotHaveDuplicates();
            assertThat(pages).isGreaterThanOrEqualTo(2);
            adders.forEach(ChatDevice::close);
        }
    }

    @Test
    void addingTwoHundredUsersToAHundredMemberGroupIsRefusedAndChangesNothing() throws Exception {
        List<String> first = registered("hundred", 99);
        List<String> more = registered("twohundred", 200);
        try (ChatDevice admin = connect("admin")) {
            JsonNode created = admin.request(Frames.groupCreate("Hundred", first), LONG);
            assertThat(created.path("memberCount").asInt()).as("%s", created).isEqualTo(100);
            String groupId = created.path("groupId").asText();

            assertThat(admin.request(Frames.groupChange("groupAdd", groupId, more), LONG).path("code").asText())
                    .isEqualTo("GROUP_FULL");
            JsonNode info = admin.request(Frames.groupChange("groupInfo", groupId, List.of()));
            assertThat(info.path("memberCount").asInt()).isEqualTo(100);
            assertThat(info.path("members")).hasSize(100);
            try (Backend backend = new Backend(RUNTIME)) {
                assertThat(backend.messageItems("g:" + groupId)).as("no system message but 'created'").hasSize(1);
            }
        }
    }

    @Test
    void aLargeCreationThatDiesBetweenChunksIsCompletedExactlyOnceByItsRetry() throws Exception {
        List<String> users = registered("crowd", 100); // 101 member rows: two staging transactions
        try (ChatDevice admin = connect("organizer")) {
            TransactionFaults.crash(TransactionFaults::groupStaging, 2);
            ObjectNode create = Frames.groupCreate("Crashed", users);
            create.put("opId", "create-crowd-1");
            admin.ws.send(create.toString());
            // the function died: API Gateway answers for it (no requestId of ours)
            JsonNode died = admin.awaitFrame(f -> "Internal server error".equals(f.path("message").asText()), LONG);
            assertThat(died.has("type")).isFalse();
            assertThat(TransactionFaults.pending()).isZero();
            assertThat(admin.request(Frames.groupList()).path("groups")).as("nothing visible").isEmpty();

            JsonNode retried = admin.request(create.deepCopy(), LONG);
            assertThat(retried.path("type").asText()).as("%s", retried).isEqualTo("groupInfo");
            assertThat(retried.path("memberCount").asInt()).isEqualTo(101);
            JsonNode again = admin.request(create.deepCopy(), LONG);
            assertThat(again.path("groupId").asText()).isEqualTo(retried.path("groupId").asText());
            assertThat(admin.request(Frames.groupList()).path("groups").findValuesAsText("groupId"))
                    .containsExactly(retried.path("groupId").asText());
            try (Backend backend = new Backend(RUNTIME)) {
                assertThat(backend.messageItems("g:" + retried.path("groupId").asText()))
                        .as("one 'created' message").hasSize(1);
            }
        }
    }

    @Test
    void anAdminRemovedWhileItsAddIsInFlightAddsNobody() throws Exception {
        try (ChatDevice alice = connect("alice"); ChatDevice bob = connect("bob"); ChatDevice dave = connect("dave")) {
            String groupId = create(alice, "Coup", bob.userId).groupId();
            alice.call(new GroupActions.GroupAdmin(null, groupId, bob.userId), GroupInfo.class);
            List<ServerFrame> removal = new ArrayList<>();
            TransactionFaults.before(TransactionFaults.addsMember(dave.userId), () -> {
                try {
                    removal.add(bob.call(new GroupActions.GroupRemove(null, groupId, alice.userId)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(alice.refusal(new GroupActions.GroupAdd(null, groupId, List.of(dave.userId))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(removal).singleElement().isInstanceOf(GroupInfo.class);
            assertThat(memberIds(bob.call(new GroupActions.GroupInfo(groupId), GroupInfo.class)))
                    .containsExactly(bob.userId);
            assertThat(groupIds(dave)).isEmpty();
        }
    }

    private static ChatDevice connect(String name) {
        return ChatDevice.connect(RUNTIME, ChatDevice.uniqueUser(name), "phone");
    }

    /** Users with a registered device who are not connected (a device row, as after one connect). */
    private static List<String> registered(String prefix, int n) throws Exception {
        DeviceAccountStore devices = new DeviceAccountStore(RUNTIME.awsClients().dynamoDb(), RUNTIME.awsClients().config(),
                Clock.systemUTC());
        List<String> users = IntStream.range(0, n).mapToObj(i -> ChatDevice.uniqueUser(prefix)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<?> f : pool.invokeAll(users.stream().map(u -> (Callable<Object>) () -> {
                devices.register(new Identity(u, "phone"));
                return null;
            }).toList())) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return users;
    }

    /** Sets who may add {@code device}'s user to groups; returns the settings now in force. */
    private static Acks.SettingsAck.Settings settings(ChatDevice device, String groupAdd) throws InterruptedException {
        return device.call(new ClientMessage.Settings(null, groupAdd), Acks.SettingsAck.class).settings();
    }

    private static GroupInfo create(ChatDevice creator, String name, String... userIds) throws InterruptedException {
        return creator.call(new GroupActions.GroupCreate(null, name, List.of(userIds)), GroupInfo.class);
    }

    private static List<String> memberIds(GroupInfo info) {
        return info.members().stream().map(GroupInfo.Member::userId).toList();
    }

    /** The groups on the first page of the device's user's group list. */
    private static List<String> groupIds(ChatDevice device) throws InterruptedException {
        return device.call(new GroupActions.GroupList(null, null), MembershipFrames.GroupList.class).groups().stream()
                .map(MembershipFrames.GroupList.Entry::groupId).toList();
    }
}
