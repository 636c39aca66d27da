package dev.chatline.client.trust;

/**
 * The safety number of this user's chat with {@code userId}: 60 digits (libsignal's numeric fingerprint, shown in
 * 12 groups of 5) over both users' identity keys, the same on both sides. {@code verified} is true when the user
 * ran {@code verify} for exactly this number; {@code changedSinceVerified} when a verified number no longer holds.
 */
public record SafetyNumber(String userId, String digits, boolean verified, boolean changedSinceVerified) {
    /** The digits in groups of five, as Signal shows them. */
    public String grouped() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 5) {
            if (i > 0) {
                out.append(i % 20 == 0 ? "\n" : " ");
            }
            out.append(digits, i, Math.min(i + 5, digits.length()));
        }
        return out.toString();
    }
}
