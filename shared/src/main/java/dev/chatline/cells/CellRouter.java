package dev.chatline.cells;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.GroupIds;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which cell serves a user or a chat, from the directory through a warm-instance cache (like the device cache:
 * an entry is used at most {@link #DEFAULT_TTL} after it was read; at most {@code capacity} users, least recently
 * used first out).
 *
 * <p>Rules: in a single-cell deployment every user and chat is local and nothing is read. A user without a
 * directory row is unknown ({@link #homeOf} empty; not cached, so a sign-up is seen at once): sends treat such a
 * user as not existing, exactly as a single cell treats a user without devices. A direct chat's home is the home of
 * the lower of its two user ids (its id sorts them), or this cell when that user is unknown; a group's home is the
 * cell its id names ({@link GroupIds}: no directory read), or this cell for an id minted before cells or naming a
 * cell that is not a configured peer (then the group is unknown here, refused like any unknown group).
 *
 * <p>Staleness: a cached home may be up to {@link #DEFAULT_TTL} old; homes change only by moves
 * ({@link dev.chatline.cells.move.UserMove}, which waits that long before deleting the old cell's rows). A direct
 * chat's home follows its lower user id's current home, so a move of that user is refused (the chat would lose its
 * state); other users move without their chats.
 */
public final class CellRouter {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_CAPACITY = 10_000;

    private record Cached(DirectoryStore.Entry entry, long readAtMillis) {
    }

    private final CellConfig cells;
    private final DirectoryStore directory;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache;

    /** @param directory null in a single-cell deployment (never read there) */
    public CellRouter(CellConfig cells, DirectoryStore directory, Clock clock, Duration ttl, int capacity) {
        this.cells = cells;
        this.directory = directory;
        this.clock = clock;
        this.ttl = ttl;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The router of a single-cell deployment: everyone is local. */
    public static CellRouter singleCell() {
        return new CellRouter(CellConfig.SINGLE, null, Clock.systemUTC(), DEFAULT_TTL, 1);
    }

    public CellConfig cells() {
        return cells;
    }

    public boolean isSingleCell() {
        return cells.isSingleCell();
    }

    /** The user's directory row (cached), empty for an unknown user or in a single-cell deployment. */
    public Optional<DirectoryStore.Entry> entry(String userId) {
        if (cells.isSingleCell()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Cached c;
        synchronized (cache) {
            c = cache.get(userId);
        }
        if (c != null && now - c.readAtMillis() < ttl.toMillis()) {
            return Optional.of(c.entry());
        }
        return fresh(userId);
    }

    /** The user's row read now (and cached when it exists). */
    public Optional<DirectoryStore.Entry> fresh(String userId) {
        if (cells.isSingleCell()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Optional<DirectoryStore.Entry> read = directory.get(userId);
        read.ifPresent(e -> {
            synchronized (cache) {
                cache.put(userId, new Cached(e, now));
            }
        });
        return read;
    }

    /** The user's home cell; empty for an unknown user and in a single-cell deployment. */
    public Optional<String> homeOf(String userId) {
        return entry(userId).map(DirectoryStore.Entry::homeCell);
    }

    /** Whether this cell serves the user (always in a single cell; an unknown user counts as local). */
    public boolean isLocal(String userId) {
        return cells.isSingleCell() || homeOf(userId).map(cells.self()::equals).orElse(true);
    }

    /** The cell that serves the user when it is not this one. */
    public Optional<String> remoteHomeOf(String userId) {
        return cells.isSingleCell() ? Optional.empty()
                : homeOf(userId).filter(home -> !home.equals(cells.self()));
    }

    /** The cell a chat's state lives in when it is not this one (see the class comment). */
    public Optional<String> remoteChatHome(String chatId) {
        if (cells.isSingleCell()) {
            return Optional.empty();
        }
        Optional<String> group = ChatIds.groupIdOf(chatId);
        if (group.isPresent()) {
            return remoteGroupHome(group.get());
        }
        Optional<List<String>> users = ChatIds.members(chatId);
        return users.flatMap(u -> remoteHomeOf(u.get(0)));
    }

    /** The cell a group lives in when it is not this one (a configured peer named by its id). */
    public Optional<String> remoteGroupHome(String groupId) {
        if (cells.isSingleCell()) {
            return Optional.empty();
        }
        return GroupIds.homeCell(groupId).filter(home -> !home.equals(cells.self()))
                .filter(cells.relayUrls()::containsKey);
    }
}
