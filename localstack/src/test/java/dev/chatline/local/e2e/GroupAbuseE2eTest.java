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
            assertThat(victim.request(settings("nobody")).path("settings").path("groupAdd").asText())
                    .isEqualTo("nobody");

            JsonNode info = stranger.request(Frames.groupCreate("Spam", List.of(victim.userId, bob.userId)));
            String groupId = info.path("groupId").asText();
            assertThat(info.path("members").findValuesAsText("userId"))
                    .containsExactlyInAnyOrder(stranger.userId, bob.userId);
            assertThat(Frames.texts(info.path("invited"))).containsExactly(victim.userId);
            JsonNode invite = victim.awaitFrame(f -> Frames.isType(f, "groupInvite"), LONG);
            assertThat(invite.path("groupId").asText()).isEqualTo(groupId);
            assertThat(invite.path("invitedBy").asText()).isEqualTo(stranger.userId);
            assertThat(victim.request(Frames.groupList()).path("groups")).isEmpty();
            assertThat(victim.errorCode(Frames.sendToGroup(Frames.newClientMsgId(), groupId, "not yet")))
                    .isEqualTo("FORBIDDEN");

            JsonNode joined = victim.request(Frames.groupChange("groupAccept", groupId, List.of()));
            assertThat(joined.path("members").findValuesAsText("userId")).contains(victim.userId);
            JsonNode event = bob.awaitFrame(f -> Frames.isType(f, "message") && f.path("body").asText()
                    .contains("\"joined\""), LONG);
            assertThat(Frames.parse(event.path("body").asText()).path("invitedBy").asText())
                    .isEqualTo(stranger.userId);
            assertThat(victim.request(Frames.groupList()).path("groups").findValuesAsText("groupId"))
                    .containsExactly(groupId);
        }
    }

    @Test
    void withContactsOnlyAUserTheVictimWroteToFirstAddsThemDirectly() throws Exception {
        try (ChatDevice victim = connect("careful"); ChatDevice friend = connect("friend");
             ChatDevice stranger = connect("pushy")) {
            victim.request(settings("contacts"));
            victim.send(friend.userId, "hi friend");
            stranger.send(victim.userId, "hi, I write first"); // a stranger cannot make himself a contact

            JsonNode byStranger = stranger.request(Frames.groupCreate("Pushy", List.of(victim.userId)));
            JsonNode byFriend = friend.request(Frames.groupCreate("Friends", List.of(victim.userId)));

            assertThat(byStranger.path("members").findValuesAsText("userId")).doesNotContain(victim.userId);
            assertThat(Frames.texts(byStranger.path("invited"))).containsExactly(victim.userId);
            assertThat(byFriend.path("members").findValuesAsText("userId")).contains(victim.userId);
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
            String groupId = alice.request(Frames.groupCreate("Coup", List.of(bob.userId))).path("groupId").asText();
            alice.request(Frames.groupChange("groupAdmin", groupId, List.of(bob.userId)));
            List<JsonNode> removal = new ArrayList<>();
            TransactionFaults.before(TransactionFaults.addsMember(dave.userId), () -> {
                try {
                    removal.add(bob.request(Frames.groupChange("groupRemove", groupId, List.of(alice.userId))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(alice.errorCode(Frames.groupChange("groupAdd", groupId, List.of(dave.userId))))
                    .isEqualTo("FORBIDDEN");
            assertThat(removal).singleElement().satisfies(r -> assertThat(r.path("type").asText()).isEqualTo(
                    "groupInfo"));
            JsonNode info = bob.request(Frames.groupChange("groupInfo", groupId, List.of()));
            assertThat(info.path("members").findValuesAsText("userId")).containsExactly(bob.userId);
            assertThat(dave.request(Frames.groupList()).path("groups")).isEmpty();
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

    private static ObjectNode settings(String groupAdd) {
        return Frames.settings(null, groupAdd);
    }
}
