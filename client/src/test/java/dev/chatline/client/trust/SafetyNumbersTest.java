package dev.chatline.client.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.client.store.VerificationBook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

class SafetyNumbersTest {
    @TempDir
    Path dir;

    private static IdentityKey key() {
        return IdentityKeyPair.generate().getPublicKey();
    }

    @Test
    void bothSidesComputeTheSameSixtyDigits() {
        IdentityKey alice = key();
        IdentityKey bobPhone = key();
        IdentityKey bobLaptop = key();
        String fromAlice = SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(bobPhone, bobLaptop));
        String fromBob = SafetyNumbers.compute("bob", List.of(bobLaptop, bobPhone), "alice", List.of(alice));
        assertThat(fromAlice).hasSize(60).containsOnlyDigits().isEqualTo(fromBob);
    }

    @Test
    void withOneDevicePerUserItIsLibsignalsNumberOverTheirIdentityKeys() {
        IdentityKey alice = key();
        IdentityKey bob = key();
        String expected = new NumericFingerprintGenerator(5200).createFor(2, "alice".getBytes(StandardCharsets.UTF_8),
                alice, "bob".getBytes(StandardCharsets.UTF_8), bob).getDisplayableFingerprint().getDisplayText();
        assertThat(SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(bob))).isEqualTo(expected);
    }

    @Test
    void aNewRemovedOrReKeyedDeviceChangesTheNumber() {
        IdentityKey alice = key();
        IdentityKey bobPhone = key();
        IdentityKey bobLaptop = key();
        String before = SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(bobPhone));
        assertThat(SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(bobPhone, bobLaptop))).isNotEqualTo(before);
        assertThat(SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(key()))).isNotEqualTo(before);
        assertThat(SafetyNumbers.compute("alice", List.of(alice, key()), "bob", List.of(bobPhone))).isNotEqualTo(before);
        assertThat(SafetyNumbers.compute("alice", List.of(alice), "bob", List.of(bobPhone))).isEqualTo(before);
    }

    @Test
    void numbersAreComparedIgnoringTheGroupingAndShownInTwelveGroupsOfFive() {
        String digits = SafetyNumbers.compute("alice", List.of(key()), "bob", List.of(key()));
        SafetyNumber number = new SafetyNumber("bob", digits, false, false);
        assertThat(number.grouped().split("\\s+")).hasSize(12).allMatch(g -> g.length() == 5);
        assertThat(number.grouped().lines()).hasSize(3);
        assertThat(SafetyNumbers.matches(number.grouped(), digits)).isTrue();
        assertThat(SafetyNumbers.matches(digits.replace(digits.charAt(59), digits.charAt(59) == '0' ? '1' : '0'),
                digits)).isFalse();
    }

    @Test
    void aVerificationLapsesWhenTheNumberChangesAndSurvivesARestart() {
        VerificationBook book = new VerificationBook(dir);
        assertThat(book.lapse("bob")).as("nothing verified: nothing lapses").isFalse();
        book.verify("bob", "123");
        assertThat(new VerificationBook(dir).verified("bob")).contains("123");
        assertThat(book.lapse("bob")).isTrue();
        VerificationBook reopened = new VerificationBook(dir);
        assertThat(reopened.verified("bob")).isEmpty();
        assertThat(reopened.lapsed("bob")).isTrue();
        reopened.verify("bob", "456");
        assertThat(reopened.lapsed("bob")).isFalse();
        assertThat(reopened.verifiedUsers()).containsExactly("bob");
    }
}
