package dev.chatline.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may subscribe, how long a subscription lasts, how many rows it takes, and the rate limit. */
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
    void aSubscriptionLastsTheSubscriptionTtlUnlessRenewed() {
        f.contacts("sub1", "t1");
        f.presence.subscribe(new Identity("sub1", "phone"), List.of("t1"));

        f.clock.advance(f.settings.subscriptionTtl().minusSeconds(1));
        assertThat(f.subscribersOf("t1")).containsExactly("sub1");
        f.presence.subscribe(new Identity("sub1", "laptop"), List.of("t1")); // renewed, from another device
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.subscribersOf("t1")).containsExactly("sub1");
        f.clock.advance(f.settings.subscriptionTtl());
        assertThat(f.subscribersOf("t1")).isEmpty();
    }

    @Test
    void aHundredContactsAreSubscribedInOneCall() {
        List<String> targets = IntStream.range(0, 100).mapToObj(i -> "bulk" + i).toList();
        targets.forEach(t -> f.contacts("sub2", t));

        List<UserPresence> users = f.presence.subscribe(new Identity("sub2", "phone"), targets);

        assertThat(users).extracting(UserPresence::userId).containsExactlyElementsOf(targets);
        assertThat(f.subscribersOf("bulk99")).containsExactly("sub2");
    }

    @Test
    void aUserWhoIsNotAContactIsAnsweredLikeAHiddenUserAndNothingIsStored() {
        f.lifecycle.connect("star-phone", new Identity("star", "phone"));
        f.contacts("fan", "friend");

        List<UserPresence> users = f.presence.subscribe(new Identity("fan", "phone"),
                List.of("star", "friend", "nobody-at-all"));

        assertThat(users).containsExactly(UserPresence.hidden("star"), UserPresence.hidden("friend"),
                UserPresence.hidden("nobody-at-all"));
        assertThat(f.subscribersOf("star")).isEmpty();
        assertThat(f.subscribersOf("nobody-at-all")).isEmpty();
        assertThat(f.subscribersOf("friend")).containsExactly("fan");
    }

    @Test
    void aSubscriberKeepsOneRowPerTargetHoweverOftenItReconnectsAndSubscribes() {
        f.contacts("looper", "target-loop");
        for (int i = 0; i < 20; i++) {
            String conn = "looper-" + i;
            f.lifecycle.connect(conn, new Identity("looper", "dev" + i));
            f.presence.subscribe(new Identity("looper", "dev" + i), List.of("target-loop"));
            f.lifecycle.disconnect(conn, new Identity("looper", "dev" + i));
        }

        assertThat(f.subscribersOf("target-loop")).containsExactly("looper");
    }
}
