package dev.chatline.local.faults;

import dev.chatline.groups.GroupMemberStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Fault and race injection into every DynamoDB {@code TransactWriteItems} made in this JVM (a global SDK
 * interceptor, registered like {@link PostFaults}): a test arms a rule for the transactions it cares about — a crash
 * of the calling function ({@link PostFaults.Crash}) at the n-th match, or a concurrent action run just before the
 * first match. Without an armed rule it does nothing.
 */
public final class TransactionFaults implements ExecutionInterceptor {
    private static final List<Rule> RULES = new CopyOnWriteArrayList<>();

    private record Rule(Predicate<TransactWriteItemsRequest> match, AtomicInteger untilFires, Runnable race) {
    }

    /** The {@code n}-th transaction matching {@code match} (from 1) kills the function making it. */
    public static void crash(Predicate<TransactWriteItemsRequest> match, int n) {
        RULES.add(new Rule(match, new AtomicInteger(n), null));
    }

    /** Runs {@code race} (e.g. another client's request) just before the first transaction matching {@code match}. */
    public static void before(Predicate<TransactWriteItemsRequest> match, Runnable race) {
        RULES.add(new Rule(match, new AtomicInteger(1), race));
    }

    /** How many armed rules have not fired yet. */
    public static int pending() {
        return (int) RULES.stream().filter(r -> r.untilFires().get() > 0).count();
    }

    public static void clear() {
        RULES.clear();
    }

    /** A staging transaction of a group change too large for one transaction. */
    public static boolean groupStaging(TransactWriteItemsRequest r) {
        return r.transactItems().stream().anyMatch(i -> i.conditionCheck() != null && i.conditionCheck().key()
                .get(GroupMemberStore.USER_ID).s().startsWith(GroupMemberStore.OP_ROW_PREFIX));
    }

    /** A transaction that writes {@code userId}'s member row in a group. */
    public static Predicate<TransactWriteItemsRequest> addsMember(String userId) {
        return r -> r.transactItems().stream().map(TransactWriteItem::put).anyMatch(p -> p != null
                && p.item().containsKey(GroupMemberStore.ROLE)
                && userId.equals(p.item().get(GroupMemberStore.USER_ID).s()));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof TransactWriteItemsRequest request) || RULES.isEmpty()) {
            return;
        }
        for (Rule r : RULES) {
            if (r.untilFires().get() > 0 && r.match().test(request) && r.untilFires().decrementAndGet() == 0) {
                RULES.remove(r);
                if (r.race() == null) {
                    throw new PostFaults.Crash("injected crash before a transaction");
                }
                r.race().run();
            }
        }
    }
}
