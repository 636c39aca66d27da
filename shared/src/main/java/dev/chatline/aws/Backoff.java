package dev.chatline.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The one retry schedule of the code base: at most {@link #maxAttempts()} attempts, and before attempt
 * {@code n + 1} a pause of {@code min(cap, base * 2^(n-1))} — as is ({@link Jitter#NONE}) or drawn uniformly from
 * {@code [0, that]} ({@link Jitter#FULL}, "full jitter", so that callers retrying the same contended thing spread
 * out instead of colliding again). Immutable and thread-safe; the {@link Sleeper} and the random source are
 * injectable, so tests record the pauses instead of sleeping.
 *
 * <p>Invariant: {@link #pause} never lets a caller make more than {@code maxAttempts} attempts, and no pause is
 * negative or longer than {@code cap}.
 */
public final class Backoff {

    /** Waits for a pause; tests pass a recorder (e.g. {@code pauses::add}). */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps the current thread. */
        Sleeper THREAD = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    public enum Jitter { NONE, FULL }

    /** Draws from the calling thread's {@link ThreadLocalRandom}. */
    private static final RandomGenerator THREAD_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final Jitter jitter;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    private Backoff(int maxAttempts, Duration base, Duration cap, Jitter jitter, Sleeper sleeper,
                    RandomGenerator random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= cap");
        }
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
        this.jitter = jitter;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Exponential with full jitter, sleeping the thread. */
    public static Backoff fullJitter(int maxAttempts, Duration base, Duration cap) {
        return new Backoff(maxAttempts, base, cap, Jitter.FULL, Sleeper.THREAD, THREAD_RANDOM);
    }

    /** Exponential without jitter (base, 2 base, 4 base, ... up to cap), sleeping the thread. */
    public static Backoff doubling(int maxAttempts, Duration base, Duration cap) {
        return new Backoff(maxAttempts, base, cap, Jitter.NONE, Sleeper.THREAD, THREAD_RANDOM);
    }

    public Backoff withSleeper(Sleeper sleeper) {
        return new Backoff(maxAttempts, base, cap, jitter, sleeper, random);
    }

    public Backoff withRandom(RandomGenerator random) {
        return new Backoff(maxAttempts, base, cap, jitter, sleeper, random);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether another attempt may follow attempt {@code attempt} (1-based). */
    public boolean allowsAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The pause before attempt {@code attempt + 1} (attempt is 1-based). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(30, attempt - 1));
        return Duration.ofMillis(jitter == Jitter.FULL ? random.nextLong(ceiling + 1) : ceiling);
    }

    /**
     * Pauses after a failed attempt {@code attempt} (1-based) when another one is allowed.
     *
     * @return true when the caller may make attempt {@code attempt + 1}; false (without pausing) when
     *     {@code attempt} was the last
     * @throws InterruptedException when the pause was interrupted (the interrupt flag is cleared, as by
     *     {@link Thread#sleep}); the caller gives up
     */
    public boolean pause(int attempt) throws InterruptedException {
        if (!allowsAfter(attempt)) {
            return false;
        }
        sleeper.sleep(delay(attempt));
        return true;
    }
}
