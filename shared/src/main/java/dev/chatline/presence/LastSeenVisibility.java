package dev.chatline.presence;

import java.util.Locale;

/** Who may see a user's last seen and online status (wire values {@code everyone}, {@code nobody}). */
public enum LastSeenVisibility {
    EVERYONE, NOBODY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored value; unknown or absent means the default, {@link #EVERYONE}. */
    public static LastSeenVisibility fromStored(String value) {
        return value != null && value.equals(NOBODY.wire()) ? NOBODY : EVERYONE;
    }
}
