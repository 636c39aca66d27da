package dev.chatline.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.connection.DeviceAccount;
import dev.chatline.connection.DeviceListChange;
import dev.chatline.connection.ProvenKey;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.testing.PresenceFixture;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connect proof: its signature and time window, and the device row's conditional write that ends the check. */
@ExtendWith(MotoExtension.class)
class ConnectProofTest {
    private static final Identity PHONE = new Identity("pia", "phone");
    private static final long NOW = 1_750_000_000_000L;
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "connect-proof");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static ConnectProof proof(TestAccountKey key, Identity identity, long ts) {
        return new ConnectProof(ts, key.publicKey(), key.sign(ConnectProof.message(identity, ts)));
    }

    @Test
    void aProofByTheKeyWithinTheWindowChecksOk() {
        TestAccountKey key = new TestAccountKey();
        assertThat(proof(key, PHONE, NOW).check(PHONE, NOW)).isEqualTo(ConnectProof.Check.OK);
        assertThat(proof(key, PHONE, NOW - 59_000).check(PHONE, NOW)).isEqualTo(ConnectProof.Check.OK);
        assertThat(proof(key, PHONE, NOW + 59_000).check(PHONE, NOW)).isEqualTo(ConnectProof.Check.OK);
    }

    @Test
    void aStaleOrFutureTsIsRefused() {
        TestAccountKey key = new TestAccountKey();
        assertThat(proof(key, PHONE, NOW - 60_001).check(PHONE, NOW)).isEqualTo(ConnectProof.Check.STALE);
        assertThat(proof(key, PHONE, NOW + 60_001).check(PHONE, NOW)).isEqualTo(ConnectProof.Check.FUTURE);
    }

    @Test
    void aSignatureByAnotherKeyOrForAnotherUserDeviceOrTsIsRefused() {
        TestAccountKey key = new TestAccountKey();
        ConnectProof wrongKey = new ConnectProof(NOW, key.publicKey(),
                new TestAccountKey().sign(ConnectProof.message(PHONE, NOW)));
        assertThat(wrongKey.check(PHONE, NOW)).isEqualTo(ConnectProof.Check.BAD_SIGNATURE);
        ConnectProof phones = proof(key, PHONE, NOW);
        assertThat(phones.check(new Identity("pia", "laptop"), NOW)).isEqualTo(ConnectProof.Check.BAD_SIGNATURE);
        assertThat(phones.check(new Identity("pi", "phone"), NOW)).isEqualTo(ConnectProof.Check.BAD_SIGNATURE);
        ConnectProof otherTs = new ConnectProof(NOW + 1, phones.key(), phones.signature());
        assertThat(otherTs.check(PHONE, NOW)).isEqualTo(ConnectProof.Check.BAD_SIGNATURE);
    }

    @Test
    void queryParametersParseAndMalformedOnesAreNoProof() {
        TestAccountKey key = new TestAccountKey();
        ConnectProof p = proof(key, PHONE, NOW);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, String> query = Map.of("token", "t", "ts", Long.toString(NOW), "key", b64.encodeToString(p.key()),
                "proof", b64.encodeToString(p.signature()));
        assertThat(ConnectProof.fromQuery(query)).hasValueSatisfying(q -> assertThat(q.check(PHONE, NOW))
                .isEqualTo(ConnectProof.Check.OK));
        assertThat(ConnectProof.fromQuery(Map.of("token", "t"))).isEmpty();
        assertThat(ConnectProof.fromQuery(null)).isEmpty();
        assertThat(ConnectProof.fromQuery(Map.of("ts", "soon", "key", "a", "proof", "b"))).isEmpty();
        assertThat(ConnectProof.fromQuery(Map.of("ts", "1", "key", "*not base64*", "proof", "b"))).isEmpty();
    }

    @Test
    void aListedDeviceRegistersOnlyWithANewProofByItsListedKey() {
        TestAccountKey phoneKey = new TestAccountKey();
        Identity phone = new Identity("lia", "phone");
        assertThat(f.devices.register(phone, Optional.empty())).isTrue(); // no account yet: as before
        link(phone, phoneKey.publicKey());
        long seenBefore = f.devices.lastSeenAt("lia", "phone").orElseThrow();
        f.clock.advance(java.time.Duration.ofSeconds(5));

        assertThat(f.devices.register(phone, Optional.empty())).isFalse();
        assertThat(f.devices.register(phone, Optional.of(new ProvenKey(new TestAccountKey().publicKey(), 10))))
                .isFalse();
        assertThat(f.devices.lastSeenAt("lia", "phone")).hasValue(seenBefore); // a refusal writes nothing
        assertThat(f.devices.register(phone, Optional.of(new ProvenKey(phoneKey.publicKey(), 10)))).isTrue();
        assertThat(f.devices.register(phone, Optional.of(new ProvenKey(phoneKey.publicKey(), 10)))).isFalse();
        assertThat(f.devices.register(phone, Optional.of(new ProvenKey(phoneKey.publicKey(), 9)))).isFalse();
        assertThat(f.devices.register(phone, Optional.of(new ProvenKey(phoneKey.publicKey(), 11)))).isTrue();

        Identity laptop = new Identity("lia", "laptop"); // not on the list: may connect to run the link flow
        assertThat(f.devices.register(laptop, Optional.empty())).isTrue();
        assertThat(f.devices.register(laptop, Optional.of(new ProvenKey(new TestAccountKey().publicKey(), 1))))
                .isTrue();
    }

    private static void link(Identity device, byte[] identityKey) {
        byte[] any = new byte[] {1};
        f.devices.apply(new DeviceListChange(device.userId(), OptionalLong.empty(),
                new DeviceAccount.Account(new TestAccountKey().publicKey(), 1, any, any, f.clock.millis(), 0),
                List.of(new DeviceListChange.Linked(device.deviceId(), identityKey, "phone", f.clock.millis())),
                List.of(), Optional.empty(), Optional.empty()));
    }
}
