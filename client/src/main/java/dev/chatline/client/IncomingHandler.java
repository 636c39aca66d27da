package dev.chatline.client;

import dev.chatline.client.groups.GroupRoster;
import dev.chatline.client.groups.SenderKeyGrant;
import dev.chatline.client.receipts.ReceiptBatcher;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DecryptionException.Reason;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.EncryptedEnvelope;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ChatFrames.Message;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.LinkFrames;
import dev.chatline.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Handles the frames the server pushes (on the dispatch thread, in order). {@code message} frames go through
 * {@link OrderedDelivery} first, so each chat's messages come back here in seq order; then they are decrypted
 * (pairwise envelopes and sender-key group ciphertexts), sender keys from distribution messages are stored, and
 * each handled message is acknowledged with a {@code delivered} receipt (so it leaves this device's inbox), batched
 * per chat. Receipts, presence and identity changes go to the {@link ChatListener}.
 *
 * <p>A group message whose sender key has not arrived yet (it travels in another chat, so it may come later) is
 * held, with every later message of its chat, and shown when the key arrives: held messages are not acknowledged.
 */
final class IncomingHandler implements Consumer<ServerFrame>, OrderedDelivery.Target {
    private record Held(Message frame, boolean late) {
    }

    /** How long a group message may wait for its sender key before its sender is asked to retry. */
    static final java.time.Duration SENDER_KEY_WAIT = java.time.Duration.ofSeconds(3);

    private final DeviceContext ctx;
    private final ChatListener listener;
    private final Runnable onPreKeyMessage;
    private final ReceiptBatcher receipts;
    private final Map<String, List<Held>> waitingForSenderKey = new LinkedHashMap<>();
    private final RetryTracker retries = new RetryTracker();
    private final Consumer<ChatFrames.RetryRequest> onRetryRequest;
    private final UnlistedSenders unlisted;
    private volatile OrderedDelivery ordering;
    private volatile Consumer<ServerFrame> accounts = frame -> { };

    /**
     * @param onRetryRequest takes {@code retryRequest} frames (answered off the dispatch thread)
     * @param unlisted the check of prekey messages against their senders' signed device lists
     */
    IncomingHandler(DeviceContext ctx, ChatListener listener, Runnable onPreKeyMessage, ReceiptBatcher receipts,
                    Consumer<ChatFrames.RetryRequest> onRetryRequest, UnlistedSenders unlisted) {
        this.ctx = ctx;
        this.unlisted = unlisted;
        this.onRetryRequest = onRetryRequest;
        this.listener = listener;
        this.onPreKeyMessage = onPreKeyMessage;
        this.receipts = receipts;
    }

    /** Who handles {@code linked}, {@code unlinked} and {@code devicesChanged} frames (the client). */
    void accounts(Consumer<ServerFrame> handler) {
        this.accounts = handler;
    }

    /** Set once the socket exists (the ordering needs it for timers and {@code history}). */
    void ordering(OrderedDelivery ordering) {
        this.ordering = ordering;
    }

    @Override
    public void accept(ServerFrame frame) {
        if (frame instanceof Message message) {
            if (ordering != null) { // else it came in the instant before connect() set it up: sync brings it
                ordering.offer(message);
            }
        } else if (frame instanceof ChatFrames.ReceiptEvent receipt) {
            listener.onReceipt(receipt.chatId(), receipt.messageIds(), receipt.status(), receipt.by());
        } else if (frame instanceof ServerFrame.Presence presence) {
            presence(presence, listener);
        } else if (frame instanceof KeysFrames.IdentityChanged changed) {
            onIdentityChanged(changed);
        } else if (frame instanceof LinkFrames.Linked || frame instanceof LinkFrames.Unlinked
                || frame instanceof LinkFrames.DevicesChanged) {
            accounts.accept(frame);
        } else if (frame instanceof ChatFrames.RetryRequest retry) {
            onRetryRequest.accept(retry);
        } else if (!(frame instanceof ServerFrame.Ack)) { // an ack: a heartbeat's (API Gateway's, no requestId)
            listener.onOtherFrame(frame);
        }
        stepDone();
    }

    /** Reports each user of a {@code presence} frame (pushed, or the reply to {@code presenceSubscribe}). */
    static void presence(ServerFrame.Presence frame, ChatListener listener) {
        frame.users().forEach(u -> listener.onPresence(u.userId(), u.online(), u.lastSeen()));
    }

    @Override
    public void stepDone() {
        receipts.flush();
    }

    @Override
    public void show(Message frame, boolean late) {
        List<Held> held = waitingForSenderKey.get(frame.chatId());
        if (held != null) {
            held.add(new Held(frame, late));
            return;
        }
        DeviceAddress from = sender(frame);
        if (from.equals(ctx.self())) {
            return; // this device's own message, filled in from history: shown when it was sent
        }
        if (frame.envelope() != null && !admitted(frame, from, late)) {
            return;
        }
        try {
            if (frame.envelope() != null) {
                onEnvelope(frame, from, late);
            } else if (GroupSender.GROUP.equals(frame.contentType())) {
                byte[] plaintext = ctx.locked(() -> ctx.senderKeys.decrypt(from, frame.groupId(), frame.body()));
                deliver(frame, from, plaintext, late);
            } else {
                listener.onOtherFrame(frame); // a plain body: not end-to-end encrypted by this client
            }
        } catch (DecryptionException e) {
            if (e.reason() == Reason.MISSING_SENDER_KEY) {
                waitingForSenderKey.computeIfAbsent(frame.chatId(), c -> new ArrayList<>())
                        .add(new Held(frame, late));
                ordering.later(SENDER_KEY_WAIT, () -> askAgainIfHeld(frame));
                return;
            }
            if (e.reason() != Reason.DUPLICATE) {
                listener.onDecryptionFailure(frame.messageId(), e);
            }
            if (RetryTracker.retryable(e) && !from.userId().equals(ctx.self().userId())) {
                askAgain(frame);
                return; // not acknowledged: it stays in the inbox until its resend is shown
            }
        }
        acknowledge(frame, from);
    }

    /**
     * Whether a pairwise message may be decrypted ({@link UnlistedSenders}): a new session from a device its user's
     * signed list does not name is held (with the rest of its chat) while the list is read again, and refused and
     * acknowledged if the fresh list does not name it either.
     */
    private boolean admitted(Message frame, DeviceAddress from, boolean late) {
        switch (unlisted.check(from, frame.envelope().type())) {
            case HOLD -> {
                waitingForSenderKey.computeIfAbsent(frame.chatId(), c -> new ArrayList<>())
                        .add(new Held(frame, late));
                unlisted.refresh(from.userId(), r -> ctx.socket().runOnDispatch(java.time.Duration.ZERO, r),
                        this::retryHeld);
                return false;
            }
            case REFUSE -> {
                listener.onUntrustedDevice(from.userId(), "refused message " + frame.messageId()
                        + " from device " + from.deviceId() + ": not on the user's signed device list");
                acknowledge(frame, from);
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** A {@code retry} receipt instead of {@code delivered}: the sender encrypts the message again. */
    private void askAgain(Message frame) {
        String chatId = frame.chatId();
        String messageId = frame.messageId();
        if (retries.asked(messageId, chatId)) {
            receipts.add(chatId, "retry", messageId);
        }
    }

    /** Still held after {@link #SENDER_KEY_WAIT}: the key is not on its way (e.g. a device its sender never knew). */
    private void askAgainIfHeld(Message frame) {
        if (isHeld(frame)) {
            askAgain(frame);
            stepDone();
        }
    }

    /**
     * After {@code sync}: group messages still waiting for a sender key will not get it by themselves (e.g. this is a
     * new device its sender never heard of): ask their senders to retry. Runs on the dispatch thread.
     */
    void askAgainForHeld() {
        waitingForSenderKey.values().forEach(held -> held.forEach(h -> {
            if (!sender(h.frame()).userId().equals(ctx.self().userId())) {
                askAgain(h.frame());
            }
        }));
        stepDone();
    }

    @Override
    public void duplicate(Message frame) {
        if (!isHeld(frame) && !retries.isAwaiting(frame.messageId())) {
            acknowledge(frame, sender(frame));
        }
    }

    /** Whether {@code frame}'s message is held back (waiting for a sender key or its sender's list). */
    private boolean isHeld(Message frame) {
        return waitingForSenderKey.getOrDefault(frame.chatId(), List.of()).stream()
                .anyMatch(h -> h.frame().messageId().equals(frame.messageId()));
    }

    @Override
    public OptionalLong firstUnshownSeq(String chatId) {
        List<Held> held = waitingForSenderKey.get(chatId);
        return held == null ? OptionalLong.empty() : OptionalLong.of(held.get(0).frame().seq());
    }

    private void onEnvelope(Message frame, DeviceAddress from, boolean late) throws DecryptionException {
        ChatFrames.OwnEnvelope envelope = frame.envelope();
        String type = envelope.type();
        byte[] plaintext = ctx.locked(() -> ctx.pairwise.decrypt(from, type, envelope.body()));
        if (EncryptedEnvelope.PREKEY.equals(type)) {
            onPreKeyMessage.run();
        }
        if (GroupRoster.CONTENT_TYPE.equals(frame.contentType())) {
            onRoster(from, plaintext);
            return;
        }
        if (GroupSender.SKDM.equals(frame.contentType())) {
            SenderKeyGrant grant;
            try {
                grant = SenderKeyGrant.fromBytes(plaintext);
            } catch (IllegalArgumentException e) {
                throw new DecryptionException(from, Reason.NOT_A_MESSAGE, "not a sender key grant", e);
            }
            ctx.locked(() -> {
                ctx.senderKeys.process(from, grant);
                return null;
            });
            retryHeld();
            return;
        }
        deliver(frame, from, plaintext, late);
    }

    private void onRoster(DeviceAddress from, byte[] plaintext) throws DecryptionException {
        GroupRoster roster;
        try {
            roster = GroupRoster.fromBytes(plaintext);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(from, Reason.NOT_A_MESSAGE, "not a group roster", e);
        }
        if (!ctx.rosters.accept(from.userId(), roster)) {
            listener.onGroupMembershipWarning(roster.groupId(), from.userId(),
                    "sent a roster of the group but is not an admin in the roster this device holds: refused");
        }
    }

    /** A sender key arrived: shows the held messages of every chat, in order, until one still lacks its key. */
    private void retryHeld() {
        Map<String, List<Held>> retry = new LinkedHashMap<>(waitingForSenderKey);
        waitingForSenderKey.clear();
        retry.forEach((chatId, held) -> {
            held.forEach(h -> show(h.frame(), h.late()));
            if (!waitingForSenderKey.containsKey(chatId)) {
                ordering.unblocked(chatId);
            }
        });
    }

    private void deliver(Message frame, DeviceAddress from, byte[] plaintext, boolean late) throws DecryptionException {
        Content content;
        try {
            content = Content.fromBytes(plaintext);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(from, Reason.NOT_A_MESSAGE, "decrypted, but not a chatline message", e);
        }
        String messageId = frame.messageId();
        if (content.resendOf() != null) {
            String original = retries.replaced(content.resendOf());
            if (original != null) {
                receipts.add(original, "delivered", content.resendOf());
            } else if (retries.wasShown(content.resendOf())) {
                return; // this device had decrypted the original: the resend is for another device
            }
        }
        retries.shown(messageId);
        IncomingMessage message = new IncomingMessage(messageId, frame.chatId(), frame.groupId(), frame.seq(), from,
                content, frame.serverTs());
        if (late) {
            listener.onLateMessage(message);
        } else {
            listener.onMessage(message);
        }
    }

    /** The device re-registered with a new identity: its old session is useless, and it needs our sender keys. */
    private void onIdentityChanged(KeysFrames.IdentityChanged frame) {
        DeviceAddress device = new DeviceAddress(frame.userId(), frame.deviceId());
        ctx.locked(() -> {
            ctx.pairwise.deleteSession(device);
            return null;
        });
        if (ctx.contacts.accountKey(device.userId()).isEmpty()) {
            ctx.contacts.addDevice(device); // a user with an account: only its signed list makes a device known
        }
        ctx.contacts.forgetSenderKeysSentTo(device);
        ctx.safety.identityChanged(device);
    }

    private static DeviceAddress sender(Message frame) {
        return new DeviceAddress(frame.from().userId(), frame.from().deviceId());
    }

    /** Copies of this user's own messages need no receipt (the server refuses one). */
    private void acknowledge(Message frame, DeviceAddress from) {
        if (!from.userId().equals(ctx.self().userId())) {
            receipts.add(frame.chatId(), "delivered", frame.messageId());
        }
    }
}
