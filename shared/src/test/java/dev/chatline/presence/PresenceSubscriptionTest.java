package dev.chatline.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.Identity;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class PresenceSubscriptionTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "presence-subs");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void subscriptionsExpireWithTheSubscriberConnectionsMaximumLifetime() {
        long connectedAt = f.clock.millis();
        f.presence.subscribe(new Identity("sub1", "phone"), "sub1-conn", connectedAt, List.of("t1"));

        f.clock.advance(PresenceService.MAX_CONNECTION_LIFETIME.minusSeconds(1));
        assertThat(f.subscriptionsTo("t1")).containsExactly("sub1-conn");
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.subscriptionsTo("t1")).isEmpty();
    }

    @Test
    void aHundredUsersAreSubscribedInOneCall() {
        List<String> targets = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "bulk" + i).toList();

        List<UserPresence> users = f.presence.subscribe(new Identity("sub2", "phone"), "sub2-conn",
                f.clock.millis(), targets);

        assertThat(users).extracting(UserPresence::userId).containsExactlyElementsOf(targets);
        assertThat(f.subscriptionsTo("bulk99")).containsExactly("sub2-conn");
    }
}
