package dev.chatline.keys;

import static dev.chatline.testing.Refusals.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.testing.TestEnv;
import dev.chatline.testing.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysServiceTest {
    private KeysFixture f;

    @BeforeAll
    void provision(MotoServer moto) {
        f = KeysFixture.unlimited(moto, "keys");
    }

    @Test
    void uploadedKeysAreCountedAndEachFetchConsumesOneOfEachKind() {
        Identity bob = f.device("bob1", "phone");
        Identity alice = f.device("alice1", "phone");
        ObjectNode upload = TestKeys.upload(TestKeys.ecKey(), 10, 3);

        assertThat(f.upload(bob, upload)).isEqualTo(new KeyCounts(3, 3));

        List<KeyBundle> bundles = f.service.fetch(alice, "bob1", Optional.empty()).bundles();
        assertThat(bundles).hasSize(1);
        KeyBundle b = bundles.get(0);
        assertThat(b.device().deviceId()).isEqualTo("phone");
        assertThat(b.device().registrationId()).isEqualTo(upload.get("registrationId").asInt());
        assertThat(java.util.Base64.getEncoder().encodeToString(b.device().identityKey()))
                .isEqualTo(upload.get("identityKey").asText());
        assertThat(b.device().signedPreKey().signatureBase64())
                .isEqualTo(upload.at("/signedPreKey/signature").asText());
        assertThat(b.preKey()).isPresent();
        assertThat(b.kyberLastResort()).isFalse();
        assertThat(b.kyberPreKey().signature()).hasSize(KeyFormats.SIGNATURE_BYTES);
        String taken = b.preKey().get().publicKeyBase64();
        assertThat(Json.read(upload.get("preKeys").toString()).findValuesAsText("publicKey")).contains(taken);
        assertThat(f.service.count(bob)).isEqualTo(new KeyCounts(2, 2));
    }

    @Test
    void exhaustedDeviceYieldsNoEcPrekeyAndTheLastResortKyberKey() {
        Identity bob = f.device("bob2", "phone");
        Identity alice = f.device("alice2", "phone");
        ObjectNode upload = TestKeys.upload(TestKeys.ecKey(), 1, 1);
        f.upload(bob, upload);

        KeyBundle first = f.service.fetch(alice, "bob2", Optional.empty()).bundles().get(0);
        KeyBundle second = f.service.fetch(alice, "bob2", Optional.empty()).bundles().get(0);
        KeyBundle third = f.service.fetch(alice, "bob2", Optional.of("phone")).bundles().get(0);

        assertThat(first.preKey()).isPresent();
        assertThat(first.kyberLastResort()).isFalse();
        for (KeyBundle b : List.of(second, third)) {
            assertThat(b.preKey()).isEmpty();
            assertThat(b.kyberLastResort()).isTrue();
            assertThat(b.kyberPreKey().keyId()).isEqualTo(upload.at("/kyberLastResort/keyId").asInt());
            assertThat(b.kyberPreKey().publicKeyBase64()).isEqualTo(upload.at("/kyberLastResort/publicKey").asText());
        }
        assertThat(f.service.count(bob)).isEqualTo(new KeyCounts(0, 0));
    }

    @Test
    void fetchReturnsOneBundlePerDeviceAndLeavesOutTheRequestersOwnDevice() {
        Identity phone = f.device("carol3", "phone");
        Identity laptop = f.device("carol3", "laptop");
        f.upload(phone, TestKeys.upload(TestKeys.ecKey(), 1, 2));
        f.upload(laptop, TestKeys.upload(TestKeys.ecKey(), 1, 2));
        Identity dave = f.device("dave3", "phone");

        assertThat(f.service.fetch(dave, "carol3", Optional.empty()).bundles()).extracting(b -> b.device().deviceId())
                .containsExactly("laptop", "phone");
        assertThat(f.service.fetch(phone, "carol3", Optional.empty()).bundles()).extracting(b -> b.device().deviceId())
                .containsExactly("laptop");
    }

    @Test
    void userWithoutKeysIsUnknownRecipient() {
        Identity alice = f.device("alice4", "phone");
        f.device("nokeys4", "phone");
        assertThat(codeOf(() -> f.service.fetch(alice, "nokeys4", Optional.empty()).bundles()))
                .isEqualTo(ErrorCode.UNKNOWN_RECIPIENT);
        assertThat(codeOf(() -> f.service.fetch(alice, "nobody4", Optional.of("phone")).bundles()))
                .isEqualTo(ErrorCode.UNKNOWN_RECIPIENT);
    }

    @Test
    void firstUploadNeedsEveryLongLivedKey() {
        Identity bob = f.device("bob5", "phone");
        for (String field : List.of("identityKey", "registrationId", "signedPreKey", "kyberLastResort")) {
            ObjectNode upload = TestKeys.upload(TestKeys.ecKey(), 1, 1);
            upload.remove(field);
            assertThatThrownBy(() -> f.upload(bob, upload)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(field)
                    .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(ErrorCode.MISSING_FIELD));
        }
        assertThat(f.deviceKeys.get("bob5", "phone")).isEmpty();
    }

    @Test
    @Tag("slow")
    void replenishingAddsOneTimeKeysUpToTheLimitPerDevice() {
        Identity bob = f.device("bob6", "phone");
        f.upload(bob, TestKeys.upload(TestKeys.ecKey(), 0, 40));
        for (int batch = 1; batch < 25; batch++) {
            f.upload(bob, TestKeys.oneTimeOnly(batch * 40, 40));
        }
        assertThat(f.service.count(bob)).isEqualTo(new KeyCounts(1000, 1000));

        assertThat(codeOf(() -> f.upload(bob, TestKeys.oneTimeOnly(5000, 1, 0))))
                .isEqualTo(ErrorCode.TOO_MANY_PREKEYS);
        assertThat(codeOf(() -> f.upload(bob, TestKeys.oneTimeOnly(5000, 0, 1))))
                .isEqualTo(ErrorCode.TOO_MANY_PREKEYS);
        assertThat(f.service.count(bob)).isEqualTo(new KeyCounts(1000, 1000));
    }

    @Test
    void newIdentityKeyReplacesTheKeysDropsOldOneTimeKeysAndNotifiesChatPeersGroupCoMembersAndOwnDevices() {
        f.env.drain(f.env.fanoutQueueUrl);
        Identity bob = f.device("bob7", "phone");
        f.device("bob7", "tablet");
        f.device("alice7", "phone");
        f.device("alice7", "laptop");
        f.device("stranger7", "phone");
        f.device("gina7", "phone");
        f.contacts.addPair("alice7", "bob7", 1);
        for (String member : List.of("bob7", "gina7")) { // gina shares only a group with bob
            TransactionWrite.transact(f.env.ddb, List.of(f.groupMembers.add(new GroupMemberStore.Member(
                    "grp7", member, GroupMemberStore.Role.MEMBER, 1, 1, "climbing"))));
        }
        f.upload(bob, TestKeys.upload(TestKeys.ecKey(), 1, 5));
        f.upload(bob, TestKeys.oneTimeOnly(100, 1)); // same identity: no notice
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).isEmpty();

        String newIdentity = TestKeys.ecKey();
        KeyCounts counts = f.upload(bob, TestKeys.upload(newIdentity, 50, 2));

        assertThat(counts).isEqualTo(new KeyCounts(2, 2));
        assertThat(java.util.Base64.getEncoder().encodeToString(f.deviceKeys.get("bob7", "phone").orElseThrow()
                .identityKey())).isEqualTo(newIdentity);
        List<Message> jobs = f.env.drain(f.env.fanoutQueueUrl);
        assertThat(jobs).hasSize(1);
        JsonNode job = Json.read(jobs.get(0).body());
        assertThat(job.get("kind").asText()).isEqualTo("event");
        assertThat(job.at("/frame/type").asText()).isEqualTo("identityChanged");
        assertThat(job.at("/frame/userId").asText()).isEqualTo("bob7");
        assertThat(job.at("/frame/deviceId").asText()).isEqualTo("phone");
        assertThat(job.get("targets").findValuesAsText("deviceId")).hasSize(4);
        assertThat(job.get("targets").toString()).contains("alice7", "tablet", "gina7").doesNotContain("stranger7");
        // the old identity's one-time keys are gone: a fetch gets one of the new ones
        KeyBundle b = f.service.fetch(f.device("alice7", "phone"), "bob7", Optional.empty()).bundles().get(0);
        assertThat(b.preKey().orElseThrow().keyId()).isBetween(50, 51);
    }

    @Test
    void fetchesAreRateLimitedPerRequesterAndTarget() {
        KeysFixture limited = f.withLimits(Map.of(KeysSettings.FETCH_RATE_PERMITS, "4",
                KeysSettings.FETCH_PAIR_RATE_PERMITS, "2", KeysSettings.HANDOUT_PERMITS, "1000",
                KeysSettings.IDENTITY_CHANGE_PERMITS, "5"));
        Identity bob = limited.device("bob8", "phone");
        Identity carol = limited.device("carol8", "phone");
        Identity alice = limited.device("alice8", "phone");
        limited.upload(bob, TestKeys.upload(TestKeys.ecKey(), 1, 5));
        limited.upload(carol, TestKeys.upload(TestKeys.ecKey(), 1, 5));

        limited.service.fetch(alice, "bob8", Optional.empty()).bundles();
        limited.service.fetch(alice, "bob8", Optional.empty()).bundles();
        assertThat(codeOf(() -> limited.service.fetch(alice, "bob8", Optional.empty()).bundles()))
                .isEqualTo(ErrorCode.RATE_LIMITED);
        limited.service.fetch(alice, "carol8", Optional.empty()).bundles();
        assertThat(codeOf(() -> limited.service.fetch(alice, "carol8", Optional.empty()).bundles()))
                .isEqualTo(ErrorCode.RATE_LIMITED); // the requester's own limit: a fetch refused by the pair counts
    }

    @Test
    void manyRequestersTogetherGetAtMostTheDevicesHandoutLimitOfOneTimeKeys() {
        KeysFixture limited = f.withLimits(Map.of(KeysSettings.FETCH_RATE_PERMITS, "100",
                KeysSettings.FETCH_PAIR_RATE_PERMITS, "100", KeysSettings.HANDOUT_PERMITS, "5",
                KeysSettings.IDENTITY_CHANGE_PERMITS, "5"));
        Identity victim = limited.device("victim9", "phone");
        ObjectNode upload = TestKeys.upload(TestKeys.ecKey(), 1, 30);
        limited.upload(victim, upload);

        List<KeyBundle> bundles = new java.util.ArrayList<>();
        for (int r = 0; r < 10; r++) {
            Identity requester = limited.device("drainer9-" + r, "phone");
            for (int i = 0; i < 3; i++) {
                bundles.addAll(limited.service.fetch(requester, "victim9", Optional.empty()).bundles());
            }
        }

        assertThat(bundles).hasSize(30);
        assertThat(bundles.stream().filter(b -> b.preKey().isPresent())).hasSize(5);
        List<KeyBundle> withheld = bundles.stream().filter(b -> b.preKey().isEmpty()).toList();
        assertThat(withheld).hasSize(25).allSatisfy(b -> {
            assertThat(b.kyberLastResort()).isTrue();
            assertThat(b.kyberPreKey().keyId()).isEqualTo(upload.at("/kyberLastResort/keyId").asInt());
            assertThat(b.device().signedPreKey()).isNotNull();
        });
        assertThat(limited.service.count(victim)).isEqualTo(new KeyCounts(25, 25));

        limited.clock.advance(Duration.ofHours(1));
        assertThat(limited.service.fetch(limited.device("friend9", "phone"), "victim9", Optional.empty()).bundles().get(0)
                .preKey()).isPresent();
    }

    @Test
    void identityChangesBeyondTheLimitAreRefusedBeforeAnythingChanges() {
        KeysFixture limited = f.withLimits(Map.of(KeysSettings.FETCH_RATE_PERMITS, "100",
                KeysSettings.FETCH_PAIR_RATE_PERMITS, "100", KeysSettings.HANDOUT_PERMITS, "100",
                KeysSettings.IDENTITY_CHANGE_PERMITS, "2"));
        Identity flipper = limited.device("flipper10", "phone");
        limited.device("friend10", "phone");
        limited.contacts.addPair("flipper10", "friend10", 1);
        limited.upload(flipper, TestKeys.upload(TestKeys.ecKey(), 1, 3)); // the first identity is no change
        limited.upload(flipper, TestKeys.upload(TestKeys.ecKey(), 10, 3));
        String kept = TestKeys.ecKey();
        limited.upload(flipper, TestKeys.upload(kept, 20, 3));
        f.env.drain(f.env.fanoutQueueUrl);

        assertThat(codeOf(() -> limited.upload(flipper, TestKeys.upload(TestKeys.ecKey(), 30, 3))))
                .isEqualTo(ErrorCode.RATE_LIMITED);

        assertThat(java.util.Base64.getEncoder().encodeToString(limited.deviceKeys.get("flipper10", "phone")
                .orElseThrow().identityKey())).isEqualTo(kept);
        assertThat(limited.service.count(flipper)).isEqualTo(new KeyCounts(3, 3));
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).as("no identityChanged queued").isEmpty();
        limited.upload(flipper, TestKeys.oneTimeOnly(40, 2)); // same identity: still allowed
    }
}
