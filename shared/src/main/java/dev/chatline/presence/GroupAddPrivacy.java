package dev.chatline.presence;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may put a user into a group without asking (the {@code settings} field {@code groupAdd}; wire values
 * {@code everyone}, {@code contacts}, {@code nobody}). Anyone else's add becomes an invitation the user may accept.
 * "Contacts" are the users this user started a direct chat with (see {@code ContactStore}): a stranger cannot make
 * himself one by writing first.
 */
public enum GroupAddPrivacy {
    EVERYONE, CONTACTS, NOBODY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire or stored value; empty if it is none of them. */
    public static Optional<GroupAddPrivacy> parse(String value) {
        for (GroupAddPrivacy p : values()) {
            if (p.wire().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
