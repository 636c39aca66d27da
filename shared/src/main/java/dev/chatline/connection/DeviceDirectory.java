package dev.chatline.connection;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's device ids as the warm function instance last read them from the {@code devices} table, kept at most
 * {@link #ttl()} (devices change rarely; every send and receipt needs them). A miss or an entry older than the TTL
 * reads the table (strongly consistent) again; {@link #fresh} always does. At most {@code capacity} users are kept
 * (least recently used first out), so the cache's memory is bounded whatever the traffic.
 *
 * <p>Staleness bound: a device registered (first {@code $connect}) less than {@link #ttl()} ago may be missing
 * from a cached list, so a message sent to its user in that window gets no inbox row for it (the device still sees
 * it in {@code history}); a send whose per-device envelopes disagree with a cached list re-reads it before refusing
 * ({@code DEVICE_MISMATCH} is only ever answered from a fresh read).
 */
public final class DeviceDirectory {
    /** Default staleness bound. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_CAPACITY = 10_000;

    /** Where device lists are read: the {@code devices} table, or in a cell its directory for remote users. */
    @FunctionalInterface
    public interface Source {
        /** The user's linked device ids, read now (strongly consistent); empty for an unknown user. */
        List<String> deviceIds(String userId);
    }

    private record Entry(List<String> deviceIds, long readAtMillis) {
    }

    private final Source store;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache;

    public DeviceDirectory(Source store, Clock clock, Duration ttl, int capacity) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public Duration ttl() {
        return ttl;
    }

    /** The user's device ids, from the cache when read less than {@link #ttl()} ago. */
    public List<String> deviceIds(String userId) {
        long now = clock.millis();
        Entry e;
        synchronized (cache) {
            e = cache.get(userId);
        }
        if (e != null && now - e.readAtMillis() < ttl.toMillis()) {
            return e.deviceIds();
        }
        return fresh(userId);
    }

    /** The user's device ids read from the table now (and cached). */
    public List<String> fresh(String userId) {
        long now = clock.millis();
        List<String> ids = List.copyOf(store.deviceIds(userId));
        synchronized (cache) {
            cache.put(userId, new Entry(ids, now));
        }
        return ids;
    }
}
