package dev.chatline.messaging;

import java.time.Clock;
import java.util.OptionalLong;

/**
 * Server message ids: {@code <ULID>-<seq>}, e.g. {@code 01J9ZQ3V7K8M2N4P6R8T0V2X4Z-42}. The ULID makes the id
 * globally unique and time-sortable; the suffix is the message's {@code seq} in its chat, so a receipt (which also
 * names the chat) resolves to the message row with one GetItem. Clients treat the id as opaque.
 */
public final class MessageIds {
    private final Ulid ulid;

    public MessageIds(Clock clock) {
        this.ulid = new Ulid(clock);
    }

    public String next(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive");
        }
        return ulid.next() + "-" + seq;
    }

    /** The seq of a well-formed message id, empty for anything else (never throws). */
    public static OptionalLong seqOf(String messageId) {
        if (messageId == null || messageId.length() < Ulid.LENGTH + 2 || messageId.length() > Ulid.LENGTH + 20
                || messageId.charAt(Ulid.LENGTH) != '-' || !Ulid.isValid(messageId.substring(0, Ulid.LENGTH))) {
            return OptionalLong.empty();
        }
        String digits = messageId.substring(Ulid.LENGTH + 1);
        if (digits.charAt(0) == '0' || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
