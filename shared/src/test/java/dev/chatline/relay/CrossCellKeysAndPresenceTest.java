package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.keys.KeyCounts;
import dev.chatline.keys.KeysService;
import dev.chatline.keys.KeysSettings;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.presence.LastSeenVisibility;
import dev.chatline.presence.PresenceNotifier;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceSubscriptionStore;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.presence.UserPresence;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.TestKeys;
import dev.chatline.testing.TwoCells;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.DevicesGraph;
import dev.chatline.wiring.KeysGraph;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key fetches, device lists, {@code identityChanged} and presence across two cells on one emulator (stages
 * {@code kp-a}, {@code kp-b}, one directory): alice lives in A, bob in B, carol in B (not alice's contact). The
 * production graphs of each cell; {@code cellCall} through an emulation of Lambda's Invoke API, relay jobs pumped.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellKeysAndPresenceTest {
    private static final int PAIR_FETCHES = 6;
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity aliceLaptop = new Identity("alice", "laptop");
    private final Identity bobPhone = new Identity("bob", "phone");
    private final Identity carolPhone = new Identity("carol", "phone");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "kp", Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000",
                KeysSettings.FETCH_PAIR_RATE_PERMITS, String.valueOf(PAIR_FETCHES)));
        a = cells.a;
        b = cells.b;
        assertThat(a.connectDevice(alicePhone)).isEmpty();
        assertThat(a.connectDevice(aliceLaptop)).isEmpty();
        assertThat(b.connectDevice(bobPhone)).isEmpty();
        assertThat(b.connectDevice(carolPhone)).isEmpty();
        a.f().connect(alicePhone, "alice-phone-conn");
        b.f().connect(bobPhone, "bob-phone-conn");
        // alice and bob become contacts: the chat's first message, relayed into B (which writes the contacts there)
        a.f().sendText(alicePhone, "bob", "hello");
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @BeforeEach
    void clearPosts() {
        a.endpoint().clear();
        b.endpoint().clear();
    }

    @Test
    void bundlesOfAUserOfAnotherCellAreHandedOutThereAndEachOneTimeKeyOnce() {
        Identity bobTablet = new Identity("bob", "tablet");
        assertThat(b.connectDevice(bobTablet)).isEmpty();
        upload(b, bobTablet, TestKeys.upload(TestKeys.ecKey(), 100, 2));

        KeysFrames.KeyBundles first = keys(a).keyBundles(alicePhone, "bob", Optional.of("tablet"));
        KeysFrames.KeyBundles second = keys(a).keyBundles(alicePhone, "bob", Optional.of("tablet"));
        KeysFrames.KeyBundles third = keys(a).keyBundles(alicePhone, "bob", Optional.of("tablet"));

        assertThat(first.devices()).singleElement().satisfies(d -> assertThat(d.preKey()).isNotNull());
        assertThat(second.devices()).singleElement().satisfies(d -> assertThat(d.preKey()).isNotNull());
        assertThat(first.devices().get(0).preKey().keyId()).isNotEqualTo(second.devices().get(0).preKey().keyId());
        // both taken in B, where they lived: the third bundle has none left
        assertThat(third.devices().get(0).preKey()).isNull();
        assertThat(keys(b).count(bobTablet)).isEqualTo(new KeyCounts(0, 0));
    }

    @Test
    void aRefusalOfTheOwnersCellComesBackAsTheSameError() {
        assertThatThrownBy(() -> keys(a).keyBundles(alicePhone, "bob", Optional.of("no-such-device")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECIPIENT));
    }

    @Test
    void theFetchLimitIsTakenInTheRequestersCell() {
        Identity carolLaptop = new Identity("carol", "laptop");
        assertThat(b.connectDevice(carolLaptop)).isEmpty();
        upload(b, carolLaptop, TestKeys.upload(TestKeys.ecKey(), 1, 1));
        for (int i = 0; i < PAIR_FETCHES; i++) {
            keys(a).keyBundles(aliceLaptop, "carol", Optional.empty());
        }
        assertThatThrownBy(() -> keys(a).keyBundles(aliceLaptop, "carol", Optional.empty()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        // B counted none of them: its own limit for the pair is untouched
        assertThat(keys(b).fetch(aliceLaptop, "carol", Optional.empty()).bundles()).hasSize(1);
    }

    @Test
    void theDeviceListOfAUserOfAnotherCellIsReadThere() {
        assertThat(new DevicesGraph(a.f().base).deviceListService().read(alicePhone, "bob").account()).isEmpty();
    }

    @Test
    void anIdentityChangeReachesContactsOfTheOtherCellThroughItsRelay() {
        Identity bobWatch = new Identity("bob", "watch");
        assertThat(b.connectDevice(bobWatch)).isEmpty();
        upload(b, bobWatch, TestKeys.upload(TestKeys.ecKey(), 1, 1));
        upload(b, bobWatch, TestKeys.upload(TestKeys.ecKey(), 1, 1));

        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(a.endpoint().framesTo("alice-phone-conn"))
                .anySatisfy(f -> assertThat(f).contains("identityChanged").contains("watch"));
        // the offline laptop keeps it as an inbox event for its next sync
        assertThat(a.f().inbox.page(aliceLaptop.device(), Optional.empty(), 100).entries()).anySatisfy(e ->
                assertThat(e.frame()).hasValueSatisfying(f -> assertThat(f).contains("identityChanged")));
    }

    @Test
    void aSubscriptionToAUserOfAnotherCellIsStoredThereAndItsChangesRelayedBack() {
        PresenceTracker bobsCell = tracker(b);
        bobsCell.connected(new ConnectionRecord("bob-phone-conn", "bob", "phone", cells.clock.millis(),
                cells.clock.instant().plus(Duration.ofMinutes(3)).getEpochSecond()), true);

        assertThat(presence(a).subscribe(alicePhone, List.of("bob", "carol")))
                .containsExactly(new UserPresence("bob", true, null), UserPresence.hidden("carol"));
        // stored in bob's cell, for alice only (carol is not her contact)
        assertThat(new PresenceSubscriptionStore(b.f().ddb, b.env().config, cells.clock)
                .subscribers("bob", 10)).containsExactly("alice");

        cells.clock.advance(Duration.ofSeconds(5));
        bobsCell.disconnected(bobPhone, true);
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(a.endpoint().framesTo("alice-phone-conn"))
                .anySatisfy(f -> assertThat(f).contains("\"presence\"").contains("\"online\":false"));
    }

    @Test
    void aHiddenLastSeenIsDecidedInTheWatchedUsersCell() {
        new ConnectionGraph(b.f().base).presenceService().setLastSeenVisibility("bob", LastSeenVisibility.NOBODY);
        try {
            assertThat(presence(a).subscribe(alicePhone, List.of("bob")))
                    .containsExactly(UserPresence.hidden("bob"));
        } finally {
            new ConnectionGraph(b.f().base).presenceService().setLastSeenVisibility("bob",
                    LastSeenVisibility.EVERYONE);
        }
    }

    private PresenceTracker tracker(TwoCells.Cell cell) {
        ConnectionGraph graph = new ConnectionGraph(cell.f().base);
        PresenceNotifier notifier = graph.presenceNotifier();
        return graph.presenceTracker(notifier::notify);
    }

    private static PresenceService presence(TwoCells.Cell cell) {
        return new ConnectionGraph(cell.f().base).presenceService();
    }

    private static KeysService keys(TwoCells.Cell cell) {
        return new KeysGraph(cell.f().base).keysService();
    }

    private static void upload(TwoCells.Cell cell, Identity device, ObjectNode f) {
        keys(cell).upload(device, ProtocolJson.read(f.toString(), KeysUpload.class));
    }
}
