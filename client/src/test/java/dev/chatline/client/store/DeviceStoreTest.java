package dev.chatline.client.store;

import dev.chatline.protocol.ProtocolJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.client.keys.PreKeyGenerator;
import dev.chatline.client.session.DeviceAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.state.SessionRecord;

class DeviceStoreTest {
    @TempDir
    Path dir;

    @Test
    void identityIsCreatedOnceAndSurvivesReopening() {
        DeviceStore first = DeviceStore.open(dir, "alice", "phone");
        DeviceStore again = DeviceStore.open(dir, "alice", "phone");

        assertThat(again.getIdentityKeyPair().serialize()).isEqualTo(first.getIdentityKeyPair().serialize());
        assertThat(again.getLocalRegistrationId()).isEqualTo(first.getLocalRegistrationId());
        assertThat(again.self()).isEqualTo(new DeviceAddress("alice", "phone"));
    }

    @Test
    void storeFilesAreReadableByTheOwnerOnly() throws Exception {
        Path store = dir.resolve("alice-phone");
        DeviceStore.open(store, "alice", "phone");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.resolve("identity.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
    }

    @Test
    void storeOfAnotherDeviceIsRefused() {
        DeviceStore.open(dir, "alice", "phone");

        assertThatThrownBy(() -> DeviceStore.open(dir, "alice", "laptop"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to alice/phone");
    }

    @Test
    void sessionsSenderKeysAndIdentitiesPersistAsBase64Json() throws Exception {
        DeviceStore store = DeviceStore.open(dir, "alice", "phone");
        DeviceAddress bob = new DeviceAddress("bob", "laptop");
        store.storeSession(bob.signal(), new SessionRecord());
        UUID distribution = UUID.randomUUID();
        new GroupSessionBuilder(store).create(store.self().signal(), distribution);
        store.saveIdentity(bob.signal(), DeviceStore.open(dir.resolve("bob"), "bob", "laptop")
                .getIdentityKeyPair().getPublicKey());

        DeviceStore reopened = DeviceStore.open(dir, "alice", "phone");
        assertThat(reopened.containsSession(bob.signal())).isTrue();
        assertThat(reopened.loadSenderKey(store.self().signal(), distribution)).isNotNull();
        assertThat(reopened.getIdentity(bob.signal())).isEqualTo(store.getIdentity(bob.signal()));
        assertThat(Files.readString(dir.resolve("sessions.json"))).contains("bob#laptop");
        reopened.deleteSession(bob.signal());
        assertThat(DeviceStore.open(dir, "alice", "phone").containsSession(bob.signal())).isFalse();
    }

    @Test
    void oneTimeKyberKeyIsRemovedWhenUsedButLastResortKeyIsKeptAndRefusesAReusedBaseKey() throws Exception {
        DeviceStore store = DeviceStore.open(dir, "alice", "phone");
        var upload = new PreKeyGenerator(store).registrationUpload(2);
        int lastResort = upload.kyberLastResort().keyId().intValue();
        int oneTime = upload.kyberPreKeys().get(0).keyId().intValue();
        var baseKey = ECKeyPair.generate().getPublicKey();

        store.markKyberPreKeyUsed(oneTime, 1, baseKey);
        store.markKyberPreKeyUsed(lastResort, 1, baseKey);

        DeviceStore reopened = DeviceStore.open(dir, "alice", "phone");
        assertThat(reopened.containsKyberPreKey(oneTime)).isFalse();
        assertThat(reopened.containsKyberPreKey(lastResort)).isTrue();
        assertThatThrownBy(() -> reopened.markKyberPreKeyUsed(lastResort, 1, baseKey))
                .isInstanceOf(ReusedBaseKeyException.class);
        reopened.markKyberPreKeyUsed(lastResort, 1, ECKeyPair.generate().getPublicKey());
    }

    @Test
    void uploadCarriesOnlyPublicKeysWithFreshIds() {
        DeviceStore store = DeviceStore.open(dir, "alice", "phone");
        PreKeyGenerator generator = new PreKeyGenerator(store);
        var first = generator.registrationUpload(3);
        var more = generator.replenishUpload(2, 2);

        assertThat(first.identityKey()).isEqualTo(B64.encode(store.getIdentityKeyPair().getPublicKey().serialize()));
        assertThat(more.identityKey()).isNull();
        List<Long> ecIds = new java.util.ArrayList<>();
        first.preKeys().forEach(k -> ecIds.add(k.keyId()));
        more.preKeys().forEach(k -> ecIds.add(k.keyId()));
        assertThat(ecIds).doesNotHaveDuplicates().hasSize(5);
        assertThat(store.prekeys().oneTimePreKeyCounts()).containsExactly(5, 5);
        String json = ProtocolJson.encode(first, null) + ProtocolJson.encode(more, null);
        assertThat(json).doesNotContain(B64.encode(store.getIdentityKeyPair().getPrivateKey().serialize()));
        assertThat(first.kyberLastResort().signature()).isNotEmpty();
    }

    @Test
    void contactBookKeepsKnownDevicesAndSenderKeyRecipients() {
        ContactBook book = new ContactBook(dir);
        DeviceAddress phone = new DeviceAddress("bob", "phone");
        DeviceAddress laptop = new DeviceAddress("bob", "laptop");
        book.addDevice(phone);
        book.addDevice(laptop);
        book.markSenderKeySent("g1", List.of(phone, laptop));
        book.removeDevice(laptop);
        book.forgetSenderKeysSentTo(phone);

        book.markSenderKeySent("g2", List.of(phone));
        book.rotateSenderKey("g2");

        ContactBook reopened = new ContactBook(dir);
        assertThat(reopened.devices("bob")).containsExactly(phone);
        assertThat(reopened.senderKeySentTo("g1")).isEmpty();
        assertThat(reopened.knows("carol")).isFalse();
        assertThat(reopened.senderKeyGeneration("g2")).isEqualTo(1);
        assertThat(reopened.senderKeySentTo("g2")).as("nobody has the new sender key").isEmpty();
    }

    @Test
    void chatPositionsSurviveReopeningAndNeverMoveBack() {
        ChatPositions positions = new ChatPositions(dir);
        positions.advance(Map.of("d:alice:bob", 12L, "g:G", 3L));
        positions.advance(Map.of("d:alice:bob", 9L));

        assertThat(new ChatPositions(dir).all()).containsOnly(
                Map.entry("d:alice:bob", 12L), Map.entry("g:G", 3L));
    }
}
