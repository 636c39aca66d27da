package dev.chatline.client.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which safety numbers the user verified ({@code verified.json}). A contact counts as verified only while its
 * current safety number equals the one verified; when its identity key or device set changes, {@link #lapse} moves
 * the verification aside, so the app can say "changed since you verified" until the user verifies again.
 * Thread-safe.
 */
public final class VerificationBook {
    private final JsonFile<VerificationState> file;
    private final VerificationState state;

    public VerificationBook(Path directory) {
        this.file = new JsonFile<>(directory.resolve("verified.json"), VerificationState.class);
        this.state = file.loadOr(VerificationState::new);
    }

    /** Records that the user compared {@code digits} with {@code userId} (in person, or over a trusted channel). */
    public synchronized void verify(String userId, String digits) {
        state.verified.put(userId, digits);
        state.lapsed.remove(userId);
        file.save(state);
    }

    /** The contact's number changed: a verification of it no longer holds. Returns whether there was one. */
    public synchronized boolean lapse(String userId) {
        String digits = state.verified.remove(userId);
        if (digits == null) {
            return false;
        }
        state.lapsed.put(userId, digits);
        file.save(state);
        return true;
    }

    /** Every user with a verification that still holds. */
    public synchronized java.util.Set<String> verifiedUsers() {
        return java.util.Set.copyOf(state.verified.keySet());
    }

    /** True when a verification of {@code userId} lapsed and the user has not verified again. */
    public synchronized boolean lapsed(String userId) {
        return state.lapsed.containsKey(userId);
    }

    /** The number the user verified with {@code userId}, if any (it may differ from the current one). */
    public synchronized Optional<String> verified(String userId) {
        return Optional.ofNullable(state.verified.get(userId));
    }

    public synchronized void unverify(String userId) {
        if (state.verified.remove(userId) != null | state.lapsed.remove(userId) != null) {
            file.save(state);
        }
    }
}
