package dev.chatline.messaging;

import static dev.chatline.messaging.MessageStatus.DELIVERED;
import static dev.chatline.messaging.MessageStatus.READ;
import static dev.chatline.messaging.MessageStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessageStatusTest {

    @Test
    void deliveredFromSentReachesDeliveredOnly() {
        assertThat(MessageStatus.advance(SENT, DELIVERED)).containsExactly(DELIVERED);
    }

    @Test
    void readOnAnUndeliveredMessageImpliesDelivered() {
        assertThat(MessageStatus.advance(SENT, READ)).containsExactly(DELIVERED, READ);
        assertThat(MessageStatus.advance(DELIVERED, READ)).containsExactly(READ);
    }

    @Test
    void statusNeverMovesBackwardOrRepeats() {
        assertThat(MessageStatus.advance(DELIVERED, DELIVERED)).isEmpty();
        assertThat(MessageStatus.advance(READ, DELIVERED)).isEmpty();
        assertThat(MessageStatus.advance(READ, READ)).isEmpty();
    }

    @Property
    void everyReachedStatusIsAfterTheCurrentAndAtMostTheRequested(@ForAll MessageStatus current,
                                                                   @ForAll MessageStatus requested) {
        assertThat(MessageStatus.advance(current, requested))
                .allMatch(s -> s.compareTo(current) > 0 && s.compareTo(requested) <= 0)
                .hasSize(Math.max(0, requested.ordinal() - current.ordinal()));
    }
}
