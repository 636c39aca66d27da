package dev.chatline.observability;

/**
 * The domain's port for business metrics: services count what happened, and the function adapter decides where the
 * counts go (CloudWatch EMF in Lambda, nowhere locally). Implementations are thread-safe; a count is cheap and never
 * fails the caller. Names are the constants below (CloudWatch metric names, unit Count); docs/operations.md lists them.
 */
@FunctionalInterface
public interface Metrics {
    /** New messages stored (not idempotent replays). */
    String MESSAGES_SENT = "MessagesSent";
    /** Sends answered from the idempotency row (client retries with the same clientMsgId). */
    String DUPLICATE_SENDS = "DuplicateSends";
    /** Fan-out posts that reached a connection. */
    String FANOUT_POSTS = "FanoutPosts";
    /** Fan-out posts answered 410 Gone (that connection's row was deleted). */
    String FANOUT_GONE = "FanoutGone";
    /** Fan-out queue records that were not a fan-out job: logged and dropped (a bug in the producer). */
    String FANOUT_JOBS_DROPPED = "FanoutJobsDropped";
    /** Fan-out jobs not started because half the invocation's time had passed (returned to the queue). */
    String FANOUT_RECORDS_DEFERRED = "FanoutRecordsDeferred";
    /** Push requests published to SNS for offline devices. */
    String PUSH_REQUESTS_PUBLISHED = "PushRequestsPublished";
    /** Push notifications FCM accepted. */
    String PUSHES_SENT = "PushesSent";
    /** Push requests not sent: no token, or the device already got a push for the chat within the window. */
    String PUSHES_SKIPPED = "PushesSkipped";
    /** Push notifications that failed for good (after retries); the message stays in the inbox. */
    String PUSHES_FAILED = "PushesFailed";
    /**
     * Push requests dropped because push is off: the Firebase secret holds no service-account key yet (the
     * stack's placeholder). The messages wait in the inbox for sync.
     */
    String PUSHES_UNCONFIGURED = "PushesUnconfigured";
    /** Push tokens deleted because FCM answered UNREGISTERED or INVALID_ARGUMENT. */
    String PUSH_TOKENS_REMOVED = "PushTokensRemoved";
    /** Message receipts (one per acknowledged message id) applied. */
    String RECEIPTS_APPLIED = "ReceiptsApplied";
    /** Receipt events enqueued to senders (one per sender and completed status). */
    String RECEIPT_EVENTS_EMITTED = "ReceiptEventsEmitted";
    /** Requests refused by a rate limit. */
    String RATE_LIMITED = "RateLimited";
    /** Message frames posted by {@code sync}. */
    String SYNC_MESSAGES_DELIVERED = "SyncMessagesDelivered";
    /** Handshakes refused by the authorizer (401 no token, 403 invalid token). */
    String AUTHORIZER_DENIED = "AuthorizerDenied";
    /**
     * Handshakes refused (403) by {@code $connect} because a device on its user's signed list brought no valid proof
     * of its identity key: a stolen token used under a linked device's id, a replayed URL, or a client whose clock
     * is more than a minute off.
     */
    String CONNECT_PROOF_REFUSED = "ConnectProofRefused";

    /**
     * Requests that failed unexpectedly (a bug, or an AWS call that failed after its retries): the client got an
     * {@code INTERNAL_ERROR} frame, so Lambda's own Errors metric never counts them; alarmed per function.
     */
    String INTERNAL_ERRORS = "InternalErrors";

    /** Records nothing: for tests and for code paths that have no metrics. */
    Metrics NOOP = (name, value) -> { };

    /** Adds {@code value} to the count {@code name} of the current invocation. */
    void count(String name, double value);

    /** Adds one. */
    default void count(String name) {
        count(name, 1);
    }
}
