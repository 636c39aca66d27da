package dev.chatline.messaging;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * ULID generator: 26 characters of Crockford base32 encoding a 48-bit millisecond timestamp followed by 80 random
 * bits. Lexicographic order of the strings is the order of their timestamps.
 *
 * <p>Monotonic within one generator: a ULID generated in the same (or an earlier, if the clock went back)
 * millisecond as the previous one reuses the previous timestamp and increments its random part by one, so the ids
 * of one generator are strictly increasing. Thread-safe.
 */
public final class Ulid {
    public static final int LENGTH = 26;
    static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long MAX_TIME = (1L << 48) - 1;
    private static final long RANDOM_HIGH_MASK = (1L << 16) - 1; // top 16 of the 80 random bits

    private final Clock clock;
    private final Random random;
    private long lastTime = -1;
    private long randHigh; // 16 bits
    private long randLow;  // 64 bits

    public Ulid(Clock clock) {
        this(clock, new SecureRandom());
    }

    Ulid(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now < 0 || now > MAX_TIME) {
            throw new IllegalStateException("clock outside the ULID range: " + now);
        }
        if (now <= lastTime) {
            increment();
        } else {
            lastTime = now;
            randHigh = random.nextInt(1 << 16) & RANDOM_HIGH_MASK;
            randLow = random.nextLong();
        }
        return encode(lastTime, randHigh, randLow);
    }

    private void increment() {
        randLow++;
        if (randLow == 0) {
            randHigh = (randHigh + 1) & RANDOM_HIGH_MASK;
            if (randHigh == 0) {
                lastTime++; // 2^80 ids in one millisecond: borrow the next millisecond
            }
        }
    }

    /** Encodes 128 bits (48 time + 80 random) as 26 base32 characters, most significant first. */
    static String encode(long time, long randHigh, long randLow) {
        // 128 bits as hi (time 48 | randHigh 16) and lo (randLow 64); 26 chars * 5 bits = 130 bits, top 2 zero.
        long hi = (time << 16) | randHigh;
        long lo = randLow;
        char[] out = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} is a well-formed ULID (upper-case Crockford base32, first char 0-7). */
    public static boolean isValid(String s) {
        if (s == null || s.length() != LENGTH || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (decodeChar(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The millisecond timestamp of a valid ULID. */
    public static long timestampOf(String ulid) {
        if (!isValid(ulid)) {
            throw new IllegalArgumentException("not a ULID");
        }
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | decodeChar(ulid.charAt(i));
        }
        return t; // first 10 chars = 50 bits; the top 2 are zero
    }

    private static int decodeChar(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
