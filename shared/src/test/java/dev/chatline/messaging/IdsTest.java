package dev.chatline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

    @Test
    void ulidIsTwentySixCrockfordCharactersCarryingTheMillisecond() {
        String id = new Ulid(clock).next();
        assertThat(id).hasSize(26).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(Ulid.isValid(id)).isTrue();
        assertThat(Ulid.timestampOf(id)).isEqualTo(clock.millis());
    }

    @Test
    void ulidEncodesKnownValue() {
        assertThat(Ulid.encode(0, 0, 0)).isEqualTo("00000000000000000000000000");
        assertThat(Ulid.encode((1L << 48) - 1, 0xFFFF, -1L)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(Ulid.encode(1, 0, 1)).isEqualTo("00000000010000000000000001");
    }

    @Test
    void ulidsOfOneGeneratorStrictlyIncreaseWithinAMillisecondAndWhenTheClockGoesBack() {
        Ulid ulid = new Ulid(clock, new Random(7));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(ulid.next());
        }
        clock.advance(Duration.ofMillis(-5));
        ids.add(ulid.next());
        clock.advance(Duration.ofMillis(10));
        ids.add(ulid.next());
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void ulidRandomPartCarriesIntoTheHighBits() {
        assertThat(Ulid.encode(5, 0, -1L).compareTo(Ulid.encode(5, 1, 0))).isNegative();
    }

    @Test
    void invalidUlidsAreRejected() {
        assertThat(Ulid.isValid("8ZZZZZZZZZZZZZZZZZZZZZZZZZ")).isFalse(); // above 128 bits
        assertThat(Ulid.isValid("0000000000000000000000000I")).isFalse(); // I is not Crockford
        assertThat(Ulid.isValid("0000000000000000000000000")).isFalse();
        assertThat(Ulid.isValid(null)).isFalse();
    }

    @Test
    void messageIdCarriesItsSeq() {
        String id = new MessageIds(clock).next(42);
        assertThat(id).matches("[0-9A-Z]{26}-42");
        assertThat(MessageIds.seqOf(id)).hasValue(42);
    }

    @Test
    void malformedMessageIdsHaveNoSeq() {
        String ulid = new Ulid(clock).next();
        for (String bad : List.of("", "abc", ulid, ulid + "-", ulid + "-0", ulid + "-01", ulid + "-1x",
                ulid + "_5", ulid + "-99999999999999999999", "0000000000000000000000000I-5")) {
            assertThat(MessageIds.seqOf(bad)).as(bad).isEqualTo(OptionalLong.empty());
        }
        assertThat(MessageIds.seqOf(null)).isEmpty();
    }

    @Test
    void directChatIdIsTheSameFromBothSides() {
        assertThat(ChatIds.direct("bob", "alice")).isEqualTo("d:alice:bob").isEqualTo(ChatIds.direct("alice", "bob"));
        assertThat(ChatIds.members("d:alice:bob")).hasValue(List.of("alice", "bob"));
        assertThat(ChatIds.isMember("d:alice:bob", "bob")).isTrue();
        assertThat(ChatIds.isMember("d:alice:bob", "carol")).isFalse();
        assertThat(ChatIds.peer("d:alice:bob", "alice")).isEqualTo("bob");
    }

    @Test
    void ambiguousOrNonCanonicalChatIdsAreRejected() {
        assertThatThrownBy(() -> ChatIds.direct("a:b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChatIds.direct("a", "a")).isInstanceOf(IllegalArgumentException.class);
        for (String bad : List.of("d:a:b:c", "d:bob:alice", "d:alice:alice", "d:alice", "g:alice:bob", "d::bob",
                "d:alice:", "d:al#ice:bob")) {
            assertThat(ChatIds.isValid(bad)).as(bad).isFalse();
            assertThat(ChatIds.isMember(bad, "alice")).as(bad).isFalse();
        }
    }
}
