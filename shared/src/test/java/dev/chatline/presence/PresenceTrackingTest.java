package dev.chatline.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Json;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Online/offline transitions, last seen, privacy and notifications, on moto with a fake @connections API. */
@ExtendWith(MotoExtension.class)
class PresenceTrackingTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "presence");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @BeforeEach
    void clearPosts() {
        f.endpoint.clear();
    }

    /**
     * Makes {@code watcher} a contact of {@code target}, connects it and subscribes it to {@code target}; returns
     * the watcher's connection id.
     */
    private static String watch(String watcher, String target) {
        String conn = watcher + "-conn";
        f.contacts(watcher, target);
        f.lifecycle.connect(conn, new Identity(watcher, "phone"));
        f.presence.subscribe(new Identity(watcher, "phone"), List.of(target));
        f.endpoint.clear();
        return conn;
    }

    private static JsonNode onlyUpdate(String connectionId) {
        List<String> frames = f.endpoint.framesTo(connectionId);
        assertThat(frames).hasSize(1);
        JsonNode frame = Json.read(frames.get(0));
        assertThat(frame.get("type").asText()).isEqualTo("presence");
        assertThat(frame.get("users")).hasSize(1);
        return frame.get("users").get(0);
    }

    @Test
    void userComingOnlineIsPushedToSubscribersAndSeenAsOnline() {
        String watcher = watch("w1", "amy");

        f.lifecycle.connect("amy-phone", new Identity("amy", "phone"));

        JsonNode amy = onlyUpdate(watcher);
        assertThat(amy.get("userId").asText()).isEqualTo("amy");
        assertThat(amy.get("online").asBoolean()).isTrue();
        assertThat(amy.has("lastSeen")).isFalse();
        assertThat(f.presence.current("amy")).isEqualTo(new UserPresence("amy", true, null));
    }

    @Test
    void secondDeviceDoesNotAnnounceAgainAndOfflineComesOnlyWithTheLastDevice() {
        f.lifecycle.connect("bo-phone", new Identity("bo", "phone"));
        String watcher = watch("w2", "bo");

        f.lifecycle.connect("bo-laptop", new Identity("bo", "laptop"));
        f.lifecycle.disconnect("bo-phone", new Identity("bo", "phone"));
        assertThat(f.endpoint.framesTo(watcher)).isEmpty();
        assertThat(f.presence.current("bo").online()).isTrue();

        f.clock.advance(Duration.ofSeconds(30));
        long lastSeen = f.clock.millis();
        f.lifecycle.disconnect("bo-laptop", new Identity("bo", "laptop"));

        JsonNode bo = onlyUpdate(watcher);
        assertThat(bo.get("online").asBoolean()).isFalse();
        assertThat(bo.get("lastSeen").asLong()).isEqualTo(lastSeen);
        assertThat(f.presence.current("bo")).isEqualTo(new UserPresence("bo", false, lastSeen));
    }

    @Test
    void connectionsExpiringWithoutDisconnectLeaveTheUserOfflineWithConnectAsLastSeen() {
        long connectedAt = f.clock.millis();
        f.lifecycle.connect("cid-phone", new Identity("cid", "phone"));

        f.clock.advance(PresenceFixture.TTL.plusSeconds(1)); // $disconnect lost, no 410 either

        assertThat(f.presence.current("cid")).isEqualTo(new UserPresence("cid", false, connectedAt));
    }

    @Test
    void aConnectionKeepsTheUserOnlineUntilApiGatewaysMaximumConnectionDurationWithoutAnyWrite() {
        f.lifecycle.connect("dot-phone", new Identity("dot", "phone"));

        f.clock.advance(Duration.ofHours(2)); // API Gateway closes every connection at 2 h

        assertThat(f.presence.current("dot").online()).isTrue();
        f.clock.advance(PresenceFixture.TTL.minus(Duration.ofHours(2)).plusSeconds(1));
        assertThat(f.presence.current("dot").online()).isFalse();
    }

    @Test
    void connectionRowExpiresTheTtlAfterApiGatewaysConnectedAtNotAfterTheConnectHandlerRan() {
        long connectedAt = f.clock.millis() - 1_500; // the authorizer and $connect took 1.5 s

        f.lifecycle.connect("ed-phone", new Identity("ed", "phone"), connectedAt);

        assertThat(f.connections.get("ed-phone").orElseThrow().expiresAt())
                .isEqualTo((connectedAt + PresenceFixture.TTL.toMillis() + 999) / 1000);
    }

    @Test
    void nobodyVisibilityHidesOnlineAndLastSeenAndSuppressesNotifications() {
        f.presence.setLastSeenVisibility("fox", LastSeenVisibility.NOBODY);
        String watcher = watch("w4", "fox");

        f.lifecycle.connect("fox-phone", new Identity("fox", "phone"));
        assertThat(f.presence.current("fox")).isEqualTo(new UserPresence("fox", false, null));
        f.lifecycle.disconnect("fox-phone", new Identity("fox", "phone"));

        assertThat(f.presence.current("fox")).isEqualTo(new UserPresence("fox", false, null));
        assertThat(f.endpoint.framesTo(watcher)).isEmpty();
    }

    @Test
    void changingVisibilityIsReportedOnlyWhenItChangesAndAnnouncedToSubscribers() {
        f.lifecycle.connect("gil-phone", new Identity("gil", "phone"));
        String watcher = watch("w5", "gil");

        assertThat(f.presence.setLastSeenVisibility("gil", LastSeenVisibility.NOBODY)).isTrue();
        assertThat(f.presence.setLastSeenVisibility("gil", LastSeenVisibility.NOBODY)).isFalse();
        f.tracker.announceCurrent("gil");

        assertThat(onlyUpdate(watcher).get("online").asBoolean()).isFalse();
    }

    @Test
    void notificationsReachOnlyLiveSubscriberConnections() {
        String live = watch("w6", "hal");
        String closed = watch("w7", "hal");
        String expired = watch("w8", "hal");
        f.lifecycle.disconnect(closed, new Identity("w7", "phone"));
        f.connections.put(new dev.chatline.connection.ConnectionRecord(expired, "w8", "phone", 0,
                f.clock.instant().getEpochSecond() - 1));
        f.endpoint.clear();

        f.lifecycle.connect("hal-phone", new Identity("hal", "phone"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !f.endpoint.framesTo(live).isEmpty());
        assertThat(f.endpoint.posts()).extracting(p -> p.connectionId()).containsExactly(live);
    }

    @Test
    void aSubscriberWhoseEndpointIsGoneLosesItsConnectionRowAndOthersStillGetTheUpdate() {
        String gone = watch("w9", "ivy");
        String live = watch("w10", "ivy");
        f.endpoint.answer(gone, 410);

        f.lifecycle.connect("ivy-phone", new Identity("ivy", "phone"));

        assertThat(onlyUpdate(live).get("online").asBoolean()).isTrue();
        assertThat(f.connections.get(gone)).isEmpty();
    }

    @Test
    void subscribeAnswersTheCurrentStateOfEveryRequestedContact() {
        f.lifecycle.connect("jo-phone", new Identity("jo", "phone"));
        f.lifecycle.connect("kim-phone", new Identity("kim", "phone"));
        f.clock.advance(Duration.ofSeconds(10));
        long kimLastSeen = f.clock.millis();
        f.lifecycle.disconnect("kim-phone", new Identity("kim", "phone"));
        List.of("jo", "kim", "never-seen").forEach(u -> f.contacts("w11", u));

        List<UserPresence> users = f.presence.subscribe(new Identity("w11", "phone"),
                List.of("jo", "kim", "never-seen"));

        assertThat(users).containsExactly(new UserPresence("jo", true, null),
                new UserPresence("kim", false, kimLastSeen), new UserPresence("never-seen", false, null));
        assertThat(f.subscribersOf("kim")).containsExactly("w11");
    }

    @Test
    void aUserNobodySubscribedToPublishesNothing() {
        f.published.clear();
        f.lifecycle.connect("lone-phone", new Identity("lone", "phone"));
        f.lifecycle.disconnect("lone-phone", new Identity("lone", "phone"));

        assertThat(f.published).isEmpty();
    }

    @Test
    void aSubscriberGetsChangesOnEveryLiveConnectionOfItsUser() {
        String phone = watch("w12", "max");
        f.lifecycle.connect("w12-laptop", new Identity("w12", "laptop"));
        f.endpoint.clear();

        f.lifecycle.connect("max-phone", new Identity("max", "phone"));

        assertThat(onlyUpdate(phone).get("online").asBoolean()).isTrue();
        assertThat(onlyUpdate("w12-laptop").get("online").asBoolean()).isTrue();
    }

    @Test
    void oneChangeIsPushedToAtMostMaxNotifiedSubscribers() {
        for (int i = 0; i < 5; i++) {
            watch("cap" + i, "ned");
        }
        PresenceNotifier capped = new PresenceNotifier(f.subscriptions, f.sender,
                new BoundedParallel(2, "test-capped"), new PresenceSettings(
                f.settings.subscriptionTtl(), 3), PresenceCells.NONE);

        int sent = capped.notify(new PresenceChange(new UserPresence("ned", true, null), f.clock.millis()));

        assertThat(sent).isEqualTo(3);
        assertThat(f.endpoint.posts()).hasSize(3);
    }
}
