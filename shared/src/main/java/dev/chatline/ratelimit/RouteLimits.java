package dev.chatline.ratelimit;

import dev.chatline.config.ChatConfig;
import dev.chatline.auth.Identity;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user limit each route takes at its entry, before any other read or write of the request (one conditional
 * write on the {@code rate-limits} table, {@link RateLimiter}); read from {@link ChatConfig} once, at cold start.
 * docs/protocol.md ("Limits") lists them with every other limit.
 *
 * <p>Every limit counts per <b>user</b>: device ids are labels a user chooses (any number of them), so a per-device
 * budget would bound nobody. Routes that are cheap and rare share one {@link Bucket#LOOKUP} budget: a permit costs
 * the same one write whichever bucket it comes from, so separate buckets would buy nothing but configuration keys,
 * and one generous budget is harder for normal use to exhaust than six tight ones. Routes whose limit needs the
 * request's content are limited by their service instead ({@link #LIMITED_BY_SERVICE}); routes that read and write
 * nothing have no limit of their own ({@link #UNLIMITED}).
 */
public final class RouteLimits implements RouteGuard {
    /**
     * Limited inside their service: {@code sendMessage} takes its permit in its first concurrent round (no extra
     * round trip; {@code CHATLINE_SEND_RATE_*}), {@code keysFetch} per requester, per (requester, target) and per
     * target device ({@code CHATLINE_KEYS_*}).
     */
    public static final Set<String> LIMITED_BY_SERVICE = Set.of("sendMessage", "keysFetch");
    /**
     * No per-user limit: {@code $default} only answers an error frame (no read, no write: a limit would be its only
     * AWS call); {@code $disconnect} runs once per connection, so the {@code $connect} limit bounds it. Their API
     * Gateway route throttles bound them (docs/operations.md, "Capacity").
     */
    public static final Set<String> UNLIMITED = Set.of("$default", "$disconnect");

    /** A budget: its row key prefix, its configuration keys' prefix, its default and the routes that take it. */
    public enum Bucket {
        CONNECT("connect", "CHATLINE_CONNECT", 60, 60, "$connect"),
        RECEIPT("receipt", "CHATLINE_RECEIPT", 1200, 60, "receipt"),
        SYNC("sync", "CHATLINE_SYNC", 300, 60, "sync"),
        HISTORY("history", "CHATLINE_HISTORY", 300, 60, "history"),
        GROUP_CREATE("groupCreate", "CHATLINE_GROUP_CREATE", 20, 3600, "groupCreate"),
        GROUP_CHANGE("groupChange", "CHATLINE_GROUP_CHANGE", 60, 60, "groupAdd", "groupRemove", "groupLeave",
                "groupAdmin", "groupAccept", "groupDecline"),
        KEYS_UPLOAD("keysUpload", "CHATLINE_KEYS_UPLOAD", 30, 60, "keysUpload"),
        MEDIA_UPLOAD("mediaUpload", "CHATLINE_MEDIA_UPLOAD", 30, 60, "mediaUpload"),
        PRESENCE_SUBSCRIBE("presenceSubscribe", "CHATLINE_PRESENCE_SUBSCRIBE", 30, 60, "presenceSubscribe"),
        SETTINGS("settings", "CHATLINE_SETTINGS", 10, 60, "settings"),
        LINK_REQUEST("linkRequest", "CHATLINE_LINK_REQUEST", 10, 3600, "linkRequest"),
        DEVICE_LIST_UPDATE("deviceListUpdate", "CHATLINE_DEVICE_LIST_UPDATE", 20, 3600, "deviceListUpdate"),
        LOOKUP("lookup", "CHATLINE_LOOKUP", 600, 60, "groupInfo", "groupList", "receiptInfo", "keysCount",
                "mediaDownload", "registerPush", "deviceList");

        private final String name;
        private final String configPrefix;
        private final long defaultPermits;
        private final long defaultWindowSeconds;
        private final Set<String> routes;

        Bucket(String name, String configPrefix, long defaultPermits, long defaultWindowSeconds, String... routes) {
            this.name = name;
            this.configPrefix = configPrefix;
            this.defaultPermits = defaultPermits;
            this.defaultWindowSeconds = defaultWindowSeconds;
            this.routes = Set.of(routes);
        }

        public Set<String> routes() {
            return routes;
        }

        /** {@code <prefix>_RATE_PERMITS}. */
        public String permitsKey() {
            return RateLimit.permitsKey(configPrefix);
        }

        /** {@code <prefix>_RATE_WINDOW_SECONDS}. */
        public String windowKey() {
            return RateLimit.windowKey(configPrefix);
        }

        public RateLimit limit(ChatConfig config) {
            return RateLimit.configured(config, configPrefix, defaultPermits, defaultWindowSeconds);
        }

        static Optional<Bucket> of(String routeKey) {
            return Arrays.stream(values()).filter(b -> b.routes.contains(routeKey)).findFirst();
        }
    }

    private final RateLimiter limiter;
    private final Map<Bucket, RateLimit> limits = new EnumMap<>(Bucket.class);

    public RouteLimits(RateLimiter limiter, ChatConfig config) {
        this.limiter = limiter;
        for (Bucket b : Bucket.values()) {
            limits.put(b, b.limit(config));
        }
    }

    /** The limit this instance applies to {@code bucket}. */
    public RateLimit limit(Bucket bucket) {
        return limits.get(bucket);
    }

    /** Takes the caller's permit of the route's bucket; a route without one (see above) passes. */
    @Override
    public void admit(String routeKey, Identity caller) {
        Bucket.of(routeKey).ifPresent(b -> limiter.acquire(b.name + "#" + caller.userId(), limits.get(b)));
    }
}
