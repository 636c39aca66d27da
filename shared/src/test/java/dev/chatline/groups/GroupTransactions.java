package dev.chatline.groups;

import dev.chatline.aws.AwsClients;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Test-only: recognizes the transactions of group changes (staging, commit, publish, the lock, a member row put)
 * and arms one-shot faults or races on them, through an SDK interceptor on a second fixture over the same tables.
 */
final class GroupTransactions {
    /** What a crashed function looks like to its caller: the call never returns normally. */
    static final class Crash extends RuntimeException {
        Crash(String message) {
            super(message);
        }
    }

    private final AtomicReference<Predicate<TransactWriteItemsRequest>> armed = new AtomicReference<>();
    private final AtomicReference<Consumer<TransactWriteItemsRequest>> action = new AtomicReference<>();

    /** A fixture whose DynamoDB client runs the armed fault or race before a matching transaction. */
    MessagingFixture fixture(MessagingFixture base) {
        return new MessagingFixture(base.env, new AwsClients(base.env.config, List.of(Interceptors.before(
                TransactWriteItemsRequest.class, this::before))), base.clock);
    }

    /** The {@code n}-th transaction matching {@code which} (counting from 1) crashes the caller. */
    void crashOn(Predicate<TransactWriteItemsRequest> which, int n) {
        AtomicInteger seen = new AtomicInteger();
        action.set(r -> {
            throw new Crash("injected crash before " + n + ". matching transaction");
        });
        armed.set(r -> which.test(r) && seen.incrementAndGet() == n);
    }

    /** Before the first transaction matching {@code which}, runs {@code race} (e.g. a concurrent change). */
    void before(Predicate<TransactWriteItemsRequest> which, Runnable race) {
        action.set(r -> race.run());
        armed.set(which);
    }

    /** Whether the armed fault or race has run. */
    boolean fired() {
        return armed.get() == null;
    }

    private void before(TransactWriteItemsRequest r) {
        Predicate<TransactWriteItemsRequest> which = armed.get();
        if (which != null && which.test(r) && armed.compareAndSet(which, null)) {
            action.get().accept(r);
        }
    }

    /** A staging transaction: checks that a change is still staging. */
    static boolean staging(TransactWriteItemsRequest r) {
        return r.transactItems().stream().anyMatch(i -> i.conditionCheck() != null
                && opRow(i.conditionCheck().key().get(GroupMemberStore.USER_ID).s()));
    }

    /** The commit of a staged change: moves its operation row to committed. */
    static boolean commit(TransactWriteItemsRequest r) {
        return r.transactItems().stream().anyMatch(i -> i.update() != null
                && i.update().key().containsKey(GroupMemberStore.USER_ID)
                && opRow(i.update().key().get(GroupMemberStore.USER_ID).s()));
    }

    /** A publishing transaction: turns staged rows into member rows. */
    static boolean publish(TransactWriteItemsRequest r) {
        return r.transactItems().stream().anyMatch(i -> i.update() != null
                && i.update().updateExpression().contains("REMOVE #op"));
    }

    /** The transaction that takes a group's lock for a staged add. */
    static boolean lock(TransactWriteItemsRequest r) {
        return r.transactItems().stream().anyMatch(i -> i.update() != null
                && i.update().updateExpression().startsWith("SET #lock"));
    }

    /** A transaction that writes the member row of {@code userId}. */
    static Predicate<TransactWriteItemsRequest> addsMember(String userId) {
        return r -> r.transactItems().stream().map(TransactWriteItem::put).anyMatch(p -> p != null
                && p.item().containsKey(GroupMemberStore.ROLE)
                && userId.equals(p.item().get(GroupMemberStore.USER_ID).s()));
    }

    private static boolean opRow(String userId) {
        return userId.startsWith(GroupMemberStore.OP_ROW_PREFIX);
    }
}
