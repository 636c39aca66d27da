package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.presence.PresenceSubscriptionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The presence-subscription attack of issue 13: accounts loop connect → {@code presenceSubscribe [victim]} →
 * disconnect to pile up work in the victim's {@code $connect}. The victim's {@code $connect} and
 * {@code $disconnect} must make exactly the same AWS calls before and after the attack (counted per invocation,
 * not timed), and the victim's real contact must still see it come and go.
 */
class PresenceAbuseE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final int ATTACKERS = 4;
    private static final int LOOPS = 5;

    @Test
    void attackersLoopingSubscribeAndDisconnectCannotSlowTheVictimsConnectAndItsContactStillSeesIt()
            throws Exception {
        String victim = ChatDevice.uniqueUser("vic");
        String pal = ChatDevice.uniqueUser("pal");
        List<String> attackers = IntStream.range(0, ATTACKERS).mapToObj(i -> ChatDevice.uniqueUser("atk")).toList();
        String stranger = ChatDevice.uniqueUser("stranger");
        ChatDevice phone = ChatDevice.connect(RUNTIME, victim, "phone");

        ChatDevice friend = ChatDevice.connect(RUNTIME, pal, "phone");
        friend.send(victim, "hi"); // the first message of a direct chat makes both users contacts
        assertThat(subscribe(friend, victim).path("online").asBoolean()).as("a contact sees presence").isTrue();
        for (String attacker : attackers) { // the strongest attacker: a contact (it messaged the victim first)
            ChatDevice a = ChatDevice.connect(RUNTIME, attacker, "setup");
            a.send(victim, "hello");
            a.ws.close();
        }
        phone.ws.close();
        assertThat(presencePush(friend, victim, false).has("lastSeen")).isTrue();

        List<List<String>> before = victimComesAndGoes(victim, friend);

        attack(attackers, stranger, victim);

        List<List<String>> after = victimComesAndGoes(victim, friend);
        assertThat(after).as("calls of the victim's $connect and $disconnect").isEqualTo(before);
        assertThat(after.get(0)).as("$connect: constant, one queue message for all subscribers")
                .containsOnlyOnce("Sqs SendMessage").doesNotContain("ApiGatewayManagementApi PostToConnection");
        List<String> subscribers = new PresenceSubscriptionStore(RUNTIME.awsClients().dynamoDb(),
                RUNTIME.awsClients().config(), Clock.systemUTC()).subscribers(victim, 1_000);
        List<String> expected = new ArrayList<>(attackers);
        expected.add(pal);
        assertThat(subscribers).as("one row per subscribing contact, none for the stranger")
                .containsExactlyInAnyOrderElementsOf(expected);
        friend.ws.close();
    }

    /**
     * The victim connects and disconnects once; its contact sees both. Returns the calls of that {@code $connect}
     * and of that {@code $disconnect}.
     */
    private static List<List<String>> victimComesAndGoes(String victim, ChatDevice friend) throws Exception {
        CallsByInvocation.reset(victim);
        ChatDevice phone = ChatDevice.connect(RUNTIME, victim, "phone");
        presencePush(friend, victim, true);
        phone.ws.close();
        presencePush(friend, victim, false);
        return List.of(CallsByInvocation.of(FunctionCatalog.CONNECT.name(), victim),
                CallsByInvocation.of(FunctionCatalog.DISCONNECT.name(), victim));
    }

    /** Every attacker (and a stranger who never messaged the victim) loops connect → subscribe → disconnect. */
    private static void attack(List<String> attackers, String stranger, String victim) throws Exception {
        List<String> all = new ArrayList<>(attackers);
        all.add(stranger);
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<Void>> loops = new ArrayList<>();
            for (String attacker : all) {
                loops.add(pool.submit(() -> {
                    for (int i = 0; i < LOOPS; i++) {
                        ChatDevice a = ChatDevice.connect(RUNTIME, attacker, "loop-" + i);
                        JsonNode seen = subscribe(a, victim);
                        if (attacker.equals(stranger)) {
                            assertThat(seen).as("a stranger learns nothing").isEqualTo(Frames.parse(
                                    "{\"userId\":\"" + victim + "\",\"online\":false}"));
                        }
                        a.ws.close();
                    }
                    return null;
                }));
            }
            for (Future<Void> loop : loops) {
                loop.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Subscribes to {@code userId} and returns its entry of the answer. */
    private static JsonNode subscribe(ChatDevice device, String userId) throws InterruptedException {
        JsonNode reply = device.request(Frames.presenceSubscribe(List.of(userId)));
        assertThat(reply.path("type").asText()).as("reply %s", reply).isEqualTo("presence");
        return reply.path("users").get(0);
    }

    /** The next pushed presence of {@code userId} saying {@code online}. */
    private static JsonNode presencePush(ChatDevice device, String userId, boolean online)
            throws InterruptedException {
        return device.awaitFrame(f -> Frames.isType(f, "presence") && !f.has("requestId")
                && userId.equals(f.path("users").path(0).path("userId").asText())
                && f.path("users").path(0).path("online").asBoolean() == online).path("users").get(0);
    }
}
