package dev.chatline.client;

import dev.chatline.client.devices.ConnectProofSigner;
import dev.chatline.client.devices.DeviceInfo;
import dev.chatline.client.devices.DeviceList;
import dev.chatline.client.devices.LinkCode;
import dev.chatline.client.keys.KeyRotation;
import dev.chatline.client.media.MediaCrypto;
import dev.chatline.client.media.MediaTransfer;
import dev.chatline.client.receipts.ReceiptBatcher;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.client.trust.SafetyNumber;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.LinkFrames;
import dev.chatline.protocol.MembershipFrames.GroupInfo;
import dev.chatline.protocol.ServerFrame;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An end-to-end encrypted chatline client for one device. The server only ever gets public keys and ciphertext:
 * 1:1 messages go as per-device envelopes (Signal's Double Ratchet over PQXDH), group messages as one sender-key
 * ciphertext, media as AES-256-GCM objects whose key travels inside the encrypted message.
 *
 * <pre>{@code
 * try (ChatClient alice = ChatClient.open(dir, "alice", "phone", listener)) {
 *     alice.connect(URI.create("ws://127.0.0.1:8080/local"), token); // uploads keys the first time, then syncs
 *     alice.sendText("bob", "hello");
 * }
 * }</pre>
 *
 * State (identity, sessions, prekeys, sender keys, known devices) persists in {@code dir}: a restarted client
 * continues its sessions. Thread-safe; events arrive on one dispatch thread (see {@link ChatListener}).
 */
public final class ChatClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChatClient.class.getName());
    private final DeviceContext ctx;
    private final ChatListener listener;
    private final EnvelopeSender envelopes;
    private final GroupSender groups;
    private final DeviceLinking linking;
    private volatile boolean linked;
    private final GroupRosters rosters;
    private final SentCache sentCache = new SentCache();
    private final Resender resender;
    private volatile IncomingHandler handler;
    private final MediaTransfer media = new MediaTransfer();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chat-keys");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean replenishQueued = new AtomicBoolean();
    private final ReceiptBatcher receipts = new ReceiptBatcher(this::post);
    private volatile OrderedDelivery ordering;

    private ChatClient(DeviceStore store, ChatListener listener) {
        this.ctx = new DeviceContext(store);
        this.listener = listener;
        this.envelopes = new EnvelopeSender(ctx);
        this.groups = new GroupSender(ctx, envelopes, listener);
        ctx.listener(listener);
        this.linking = new DeviceLinking(ctx, ctx.trust);
        this.rosters = new GroupRosters(ctx, envelopes);
        this.resender = new Resender(ctx, sentCache, envelopes, groups);
        ContactTrust safety = new ContactTrust(ctx, listener);
        ctx.safety = safety;
        store.setIdentityChangeListener(safety::identityChanged);
        ctx.contacts.setDeviceListListener(safety::devicesChanged);
    }

    /** Opens (or creates, with a new identity) the device's store in {@code directory}. */
    public static ChatClient open(Path directory, String userId, String deviceId, ChatListener listener) {
        return new ChatClient(DeviceStore.open(directory, userId, deviceId), listener);
    }

    public DeviceAddress self() {
        return ctx.self();
    }

    /**
     * Connects with an access token and uploads this device's keys on first use. The user's first device then
     * creates the account identity; a linked device replenishes one-time keys when the server runs low and fetches
     * everything that arrived while offline ({@link #sync()}). A device that is not linked stops there
     * ({@link #isLinked()} false): it can only {@link #requestLink} (or {@link #resetAccount}). The URL carries a
     * proof that this device holds its identity key: the server refuses (403) a device on the signed list without
     * one, so a reinstall (a new identity key) must connect under a new device id.
     */
    public void connect(URI websocketUrl, String token) {
        IncomingHandler handler = new IncomingHandler(ctx, listener, this::replenishLater, receipts,
                frame -> background.execute(() -> resender.onRetryRequest(frame)),
                new UnlistedSenders(ctx, background));
        handler.accounts(this::onAccountFrame);
        this.handler = handler;
        ChatSocket socket = ChatSocket.connect(websocketUrl, token, ConnectProofSigner.parameters(
                ctx.store.getIdentityKeyPair(), self().userId(), self().deviceId(), System.currentTimeMillis()), handler);
        OrderedDelivery delivery = new OrderedDelivery(ctx.positions, socket, Clock.systemUTC(), handler);
        handler.ordering(delivery);
        ctx.ownMessages(delivery::ownMessage);
        ordering = delivery;
        ctx.socket(socket);
        ctx.keys.registerIfNeeded(ctx.socket());
        linked = linking.prepare();
        if (linked) {
            startLinked();
        }
    }

    private void startLinked() {
        ctx.keys.registerIfNeeded(ctx.socket());
        ctx.keys.replenishIfLow(ctx.socket(), ordering::forgetPositions);
        ctx.keys.rotateIfDue(ctx.socket(), java.time.Instant.now());
        sync();
    }

    /** Whether this device is on its account's signed device list (only then does it send and receive). */
    public boolean isLinked() {
        return linked;
    }

    /**
     * Asks to be linked: show {@link LinkCode#display()} (or {@link LinkCode#qrPayload()} as a QR code) to be
     * entered on a linked device; {@link ChatListener#onLinked} follows when it approves.
     */
    public LinkCode requestLink(String name) {
        return linking.requestLink(name);
    }

    /**
     * Approves the device that shows {@code shownCode}: checks the key the server returns against the code, signs
     * the new device list with the account identity and hands the new device the account key sealed to it.
     */
    public DeviceList approveLink(String shownCode) {
        return linking.approve(shownCode);
    }

    /** The own user's devices (linked or not) with their names, link and last-seen times. */
    public List<DeviceInfo> devices() {
        return linking.devices();
    }

    /** Unlinks a device (any of the user's, this one included): its keys, push token and pending messages go. */
    public DeviceList unlink(String deviceId) {
        return linking.unlink(deviceId);
    }

    /**
     * Starts a new account identity with only this device (after a reinstall): every other device is unlinked and
     * every contact and co-member is told. Then this device is linked and syncs.
     */
    public DeviceList resetAccount() {
        DeviceList list = linking.resetAccount();
        ctx.store.updateIdentityState(s -> s.registered = false);
        linked = true;
        startLinked();
        return list;
    }

    /** {@code linked}, {@code unlinked}, {@code devicesChanged}; runs on the dispatch thread, so calls go elsewhere. */
    private void onAccountFrame(ServerFrame frame) {
        if (frame instanceof LinkFrames.Linked linkedFrame) {
            background.execute(() -> {
                try {
                    linking.onLinked(linkedFrame);
                    startLinked(); // keys and sync first: isLinked() means ready (the CLI exits on it)
                    linked = true;
                    listener.onLinked();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "linking this device failed", e);
                }
            });
        } else if (frame instanceof LinkFrames.Unlinked) {
            linked = false;
            listener.onUnlinked();
        } else if (frame instanceof LinkFrames.DevicesChanged changed) {
            ctx.contacts.markStale(changed.userId());
            listener.onDevicesChanged(changed.userId(), changed.accountChanged());
        }
    }

    /**
     * Pages through {@code sync} until nothing is pending; the messages arrive at the listener first. The
     * {@code delivered} receipts of each page go out as one frame per chat; gaps left afterwards are resolved at once.
     */
    public void sync() {
        String cursor = null;
        ChatFrames.SyncComplete page;
        receipts.hold();
        try {
            do {
                page = ctx.socket().call(new ClientMessage.Sync(cursor), ChatFrames.SyncComplete.class);
                receipts.flushNow();
                cursor = page.cursor();
            } while (page.more());
        } finally {
            receipts.release();
        }
        ordering.resolveGapsNow();
        IncomingHandler current = handler;
        ctx.socket().runOnDispatch(java.time.Duration.ZERO, current::askAgainForHeld);
    }

    /** Sends a text to a user (all their devices, and this user's other devices). */
    public SentMessage sendText(String toUserId, String text) {
        return send(toUserId, Content.text(text));
    }

    public SentMessage send(String toUserId, Content content) {
        SentMessage sent = envelopes.send(toUserId, UUID.randomUUID().toString(), null, content.toBytes(),
                mediaIds(content));
        sentCache.put(sent.messageId(), new SentCache.Sent(toUserId, null, content, mediaIds(content)));
        return sent;
    }

    /** Sends a text to a group with this device's sender key (distributed to members who lack it first). */
    public SentMessage sendGroupText(String groupId, String text) {
        return sendGroup(groupId, Content.text(text));
    }

    public SentMessage sendGroup(String groupId, Content content) {
        SentMessage sent = groups.send(groupId, UUID.randomUUID().toString(), content.toBytes(), mediaIds(content));
        sentCache.put(sent.messageId(), new SentCache.Sent(null, groupId, content, mediaIds(content)));
        return sent;
    }

    /**
     * Encrypts a file with a fresh key, uploads the ciphertext through a presigned URL ({@code mediaUpload}) and
     * returns the content to send (a reference with the key and digest, plus an optional caption). The server
     * refuses content types other than images, voice and video, and oversize files.
     */
    public Content uploadMedia(byte[] plaintext, String contentType, String fileName, String caption) {
        return new Content(caption, media.upload(ctx.socket(), plaintext, contentType, fileName));
    }

    /** Downloads and decrypts the media a message refers to (checks its digest and authentication tag). */
    public byte[] downloadMedia(Content.MediaRef ref) throws MediaCrypto.MediaIntegrityException {
        return media.download(ctx.socket(), ref);
    }

    private static List<String> mediaIds(Content content) {
        return content.media() == null ? List.of() : List.of(content.media().mediaId());
    }

    /**
     * Tells the senders that this user has read (or received) these messages of one chat: one way (no reply is
     * awaited), at most 100 ids per frame. For a confirmed receipt, {@link #call} a {@code receipt} frame.
     */
    public void receipt(String chatId, Collection<String> messageIds, String status) {
        receipts.send(chatId, status, messageIds);
    }

    private void post(ClientMessage.Receipt frame) {
        try {
            ctx.socket().post(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "a receipt was not sent; the messages come again on the next sync", e);
        }
    }

    /**
     * The safety number of the chat with {@code userId} (libsignal's numeric fingerprint over both users' identity
     * keys, every device's), and whether the user verified it. Compare it with the contact's in person or over
     * another trusted channel, then {@link #verify}. Fetches keys of devices this device has no session with yet.
     */
    public SafetyNumber safetyNumber(String userId) {
        return ctx.safety.safetyNumber(userId);
    }

    /**
     * Marks the current safety number with {@code userId} as verified. It stays verified until the contact's (or
     * this user's) identity key or device set changes: then {@link ChatListener#onSafetyNumberChanged} reports it
     * with {@code wasVerified} and the number must be compared again.
     */
    public SafetyNumber verify(String userId) {
        return ctx.safety.verify(userId);
    }

    /** Subscribes to presence changes; the current state arrives at {@link ChatListener#onPresence}. */
    public void subscribePresence(Collection<String> userIds) {
        IncomingHandler.presence(ctx.socket().call(new ClientMessage.PresenceSubscribe(List.copyOf(userIds)),
                ServerFrame.Presence.class), listener);
    }

    /**
     * Creates a group with this user as admin and the given other members ({@code groupCreate}); returns its id.
     * The group's roster goes to the members pairwise: their clients give sender keys only to the users it names.
     */
    public String createGroup(String name, Collection<String> memberUserIds) {
        GroupInfo info = ctx.call(new GroupActions.GroupCreate(null, name, List.copyOf(memberUserIds)),
                GroupInfo.class);
        rosters.publish(info);
        return info.groupId();
    }

    /** Adds (or invites) users to a group this user administers ({@code groupAdd}) and publishes the new roster. */
    public GroupInfo addMembers(String groupId, Collection<String> userIds) {
        GroupInfo info = ctx.call(new GroupActions.GroupAdd(null, groupId, List.copyOf(userIds)), GroupInfo.class);
        rosters.publish(info);
        return info;
    }

    /** Removes a member ({@code groupRemove}) and publishes the new roster. */
    public GroupInfo removeMember(String groupId, String userId) {
        GroupInfo info = ctx.call(new GroupActions.GroupRemove(null, groupId, userId), GroupInfo.class);
        rosters.publish(info);
        return info;
    }

    /**
     * Accepts an invitation into a group ({@code groupAccept}; invitations arrive as {@code groupInvite} frames at
     * {@link ChatListener#onOtherFrame}); returns the group's {@code groupInfo}.
     */
    public GroupInfo acceptGroupInvite(String groupId) {
        return ctx.call(new GroupActions.GroupAccept(null, groupId), GroupInfo.class);
    }

    /**
     * Sends any other client message (e.g. {@code groupInfo}) and returns the reply; errors throw. A group change
     * gets an {@code opId} and is repeated after an error that may hide a success.
     */
    public ServerFrame call(ClientMessage message) {
        return ctx.call(message);
    }

    /** {@link #call(ClientMessage)} for a reply of type {@code replyType} (another reply is thrown). */
    public <T extends ServerFrame> T call(ClientMessage message, Class<T> replyType) {
        return ctx.call(message, replyType);
    }

    /**
     * Sets how often this device rotates its signed prekey and last-resort Kyber key (checked on every
     * {@link #connect}; default every 7 days) and how long a replaced one still decrypts (default 30 days, the
     * server's message retention) before its private part is deleted.
     */
    public void keyRotation(KeyRotation.Policy policy) {
        ctx.keys.rotationPolicy(policy);
    }

    /** Rotates the signed and last-resort keys now if they are due under the policy; true when it rotated. */
    public boolean rotateKeysIfDue() {
        return ctx.keys.rotateIfDue(ctx.socket(), java.time.Instant.now());
    }

    /** Checks the server's one-time key count and uploads more if low (also done after incoming prekey messages). */
    public boolean replenishKeys() {
        return ctx.keys.replenishIfLow(ctx.socket());
    }

    private void replenishLater() {
        if (replenishQueued.compareAndSet(false, true)) {
            background.execute(() -> {
                replenishQueued.set(false);
                try {
                    replenishKeys();
                } catch (RuntimeException e) {
                    // retried after the next prekey message or connect
                }
            });
        }
    }

    /** The local store's directory. */
    public Path storeDirectory() {
        return ctx.store.directory();
    }

    DeviceContext context() {
        return ctx;
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            ctx.socket().close();
        } catch (IllegalStateException notConnected) {
            // nothing to close
        }
    }
}
