package dev.chatline.groups;

import dev.chatline.config.ChatConfig;
import dev.chatline.presence.GroupAddPrivacy;
import dev.chatline.ratelimit.RateLimit;
import java.time.Duration;

/**
 * Limits and defaults of groups, read from {@link ChatConfig} (environment variables or system properties), so an
 * operator can tune them without a build; every limit is checked before the work it protects. How often a user may
 * call each group route is the route's limit ({@code RouteLimits}: {@code CHATLINE_GROUP_CREATE_RATE_*},
 * {@code CHATLINE_GROUP_CHANGE_RATE_*}, {@code CHATLINE_LOOKUP_RATE_*}), taken before the request reaches here.
 *
 * @param maxGroupsPerUser groups one user may be in ({@value #MAX_GROUPS_PER_USER}, default 1,000): bounds what
 *                         others can do to a user (and a user's identity-change fan-out)
 * @param invitesPerInviter invitations one user may send ({@value #INVITE_RATE_PERMITS}, default 200 per
 *                          {@value #INVITE_RATE_WINDOW_SECONDS} s, default one day)
 * @param invitesPerPair invitations one user may send one other user ({@value #INVITE_PAIR_RATE_PERMITS}, default
 *                       5 per the same window): what a stranger can do to one user whatever their settings
 * @param inviteTtl how long an invitation can be accepted ({@value #INVITE_TTL_HOURS}, default 168 = 7 days)
 * @param defaultGroupAdd who may add a user who never chose ({@value #GROUP_ADD_DEFAULT}, default
 *                        {@code everyone})
 * @param maxTransactionItems DynamoDB's limit of items per transaction (100); a change that needs more is staged
 *                            ({@link StagedChange}); tests lower it ({@value #MAX_TRANSACTION_ITEMS})
 * @param lockLease how long a staged change may hold its group before another change may finish or undo it
 *                  (longer than the function's 29 s timeout, so a live change is never taken over)
 * @param opRetention how long a retry with the same {@code opId} gets the original outcome
 */
public record GroupSettings(int maxGroupsPerUser, RateLimit invitesPerInviter,
                            RateLimit invitesPerPair, Duration inviteTtl, GroupAddPrivacy defaultGroupAdd,
                            int maxTransactionItems, Duration lockLease, Duration opRetention) {
    public static final String MAX_GROUPS_PER_USER = "CHATLINE_GROUP_MAX_PER_USER";
    public static final String INVITE_RATE_PERMITS = "CHATLINE_GROUP_INVITE_RATE_PERMITS";
    public static final String INVITE_PAIR_RATE_PERMITS = "CHATLINE_GROUP_INVITE_PAIR_RATE_PERMITS";
    public static final String INVITE_RATE_WINDOW_SECONDS = "CHATLINE_GROUP_INVITE_RATE_WINDOW_SECONDS";
    public static final String INVITE_TTL_HOURS = "CHATLINE_GROUP_INVITE_TTL_HOURS";
    public static final String GROUP_ADD_DEFAULT = "CHATLINE_GROUP_ADD_DEFAULT";
    /**
     * Items per transaction before a change is staged (default and maximum {@value #DYNAMODB_TRANSACTION_ITEMS}):
     * lower only to exercise staging with a few users (tests).
     */
    public static final String MAX_TRANSACTION_ITEMS = "CHATLINE_GROUP_MAX_TRANSACTION_ITEMS";
    /** DynamoDB's maximum number of items in one {@code TransactWriteItems}. */
    public static final int DYNAMODB_TRANSACTION_ITEMS = 100;

    public GroupSettings {
        if (maxTransactionItems < 8 || maxTransactionItems > DYNAMODB_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("maxTransactionItems must be 8-" + DYNAMODB_TRANSACTION_ITEMS);
        }
    }

    public static GroupSettings from(ChatConfig config) {
        Duration inviteWindow = seconds(config, INVITE_RATE_WINDOW_SECONDS, 86_400);
        String defaultAdd = config.get(GROUP_ADD_DEFAULT).orElse(GroupAddPrivacy.EVERYONE.wire());
        return new GroupSettings(integer(config, MAX_GROUPS_PER_USER, 1_000),
                new RateLimit(integer(config, INVITE_RATE_PERMITS, 200), inviteWindow),
                new RateLimit(integer(config, INVITE_PAIR_RATE_PERMITS, 5), inviteWindow),
                Duration.ofHours(config.get(INVITE_TTL_HOURS).map(Long::parseLong).orElse(168L)),
                GroupAddPrivacy.parse(defaultAdd).orElseThrow(() -> new IllegalStateException(
                        GROUP_ADD_DEFAULT + " must be everyone, contacts or nobody")),
                integer(config, MAX_TRANSACTION_ITEMS, DYNAMODB_TRANSACTION_ITEMS), Duration.ofSeconds(60),
                Duration.ofHours(24));
    }

    private static int integer(ChatConfig config, String key, int orElse) {
        return config.get(key).map(Integer::parseInt).orElse(orElse);
    }

    private static Duration seconds(ChatConfig config, String key, long orElse) {
        return Duration.ofSeconds(config.get(key).map(Long::parseLong).orElse(orElse));
    }
}
