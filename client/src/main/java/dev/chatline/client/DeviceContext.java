package dev.chatline.client;

import dev.chatline.client.devices.DeviceList;
import dev.chatline.client.devices.DeviceTrust;
import dev.chatline.client.devices.UntrustedDeviceException;
import dev.chatline.client.groups.SenderKeys;
import dev.chatline.client.keys.KeyBundles.DeviceBundle;
import dev.chatline.client.keys.KeyService;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.PairwiseCipher;
import dev.chatline.client.store.ChatPositions;
import dev.chatline.client.store.ContactBook;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.store.RosterBook;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.LinkFrames;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ObjLongConsumer;
import org.signal.libsignal.protocol.InvalidKeyException;

/**
 * What the client's parts share for one device: the stores, the ciphers and one lock. Invariant: every libsignal
 * operation on the store runs under {@link #locked} (its load-modify-store sequences are not atomic), and the lock
 * is never held while waiting for the server (the dispatch thread needs it to decrypt, and replies arrive on it).
 */
final class DeviceContext {
    /** Actions whose reply gives this device's own message a seq in a chat ({@code ack}, {@code groupInfo}). */
    private static final Set<String> OWN_MESSAGE_ACTIONS = Set.of(SendMessage.ACTION,
            GroupActions.GroupCreate.ACTION, GroupActions.GroupAdd.ACTION, GroupActions.GroupRemove.ACTION,
            GroupActions.GroupAdmin.ACTION);
    /** Codes after which a group change is repeated (with its {@code opId}). */
    static final Set<String> REPEATABLE = Set.of("INTERNAL_ERROR", "GROUP_BUSY", "RATE_LIMITED",
            ChatSocket.GATEWAY_ERROR);
    static final int CHANGE_ATTEMPTS = 4;
    /** The longest wait between attempts (a {@code retryAfterMs} above it is not waited for: the error is thrown). */
    private static final long MAX_PAUSE_MS = 5_000;

    final DeviceStore store;
    final ContactBook contacts;
    final PairwiseCipher pairwise;
    final SenderKeys senderKeys;
    final KeyService keys;
    final ChatPositions positions;
    final DeviceTrust trust;
    final RosterBook rosters;
    /** Safety numbers and their warnings; set once by the client (it needs the listener). */
    volatile ContactTrust safety;
    private volatile ChatListener listener = new ChatListener() { };
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ChatSocket socket;
    private volatile ObjLongConsumer<String> ownMessages = (chatId, seq) -> { };

    DeviceContext(DeviceStore store) {
        this.store = store;
        this.contacts = new ContactBook(store.directory());
        this.pairwise = new PairwiseCipher(store);
        this.senderKeys = new SenderKeys(store);
        this.keys = new KeyService(store);
        this.positions = new ChatPositions(store.directory());
        this.trust = new DeviceTrust(contacts, userId -> listener.onAccountChanged(userId));
        this.rosters = new RosterBook(store.directory());
    }

    void listener(ChatListener listener) {
        this.listener = listener;
    }

    ChatListener listener() {
        return listener;
    }

    DeviceAddress self() {
        return store.self();
    }

    ChatSocket socket() {
        ChatSocket s = socket;
        if (s == null) {
            throw new IllegalStateException("not connected");
        }
        return s;
    }

    void socket(ChatSocket socket) {
        this.socket = socket;
    }

    /** Told (chat id, seq) when a reply gives this device's own message a seq: the chat's order moves over it. */
    void ownMessages(ObjLongConsumer<String> listener) {
        this.ownMessages = listener;
    }

    /**
     * Sends {@code message} and waits for the reply (errors throw); a group change goes with an {@code opId}
     * ({@link GroupChanges}) and is repeated after errors that may hide a success. A reply that gives this device's
     * own message a seq ({@code sendMessage}'s {@code ack}, a group change's {@code groupInfo}) is reported to the
     * ordering.
     */
    ServerFrame call(ClientMessage message) {
        ServerFrame reply = GroupChanges.isChange(message) ? repeating(GroupChanges.withOpId(message))
                : socket().call(message);
        if (OWN_MESSAGE_ACTIONS.contains(message.action())) {
            if (reply instanceof Acks.SendMessageAck ack) {
                ownMessages.accept(ack.chatId(), ack.seq());
            } else if (reply instanceof MembershipFrames.GroupInfo info && info.chatId() != null && info.seq() != null) {
                ownMessages.accept(info.chatId(), info.seq());
            }
        }
        return reply;
    }

    /** {@link #call} for a reply of type {@code replyType} (another reply breaks the protocol: thrown). */
    <T extends ServerFrame> T call(ClientMessage message, Class<T> replyType) {
        return ChatSocket.expect(message, call(message), replyType);
    }

    /** A step that runs under the store lock. */
    interface LockedStep<T, E extends Exception> {
        T run() throws E;
    }

    <T, E extends Exception> T locked(LockedStep<T, E> step) throws E {
        lock.lock();
        try {
            return step.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fetches bundles (all devices of {@code userId}, or one) and builds sessions with them; the fetched devices
     * become known devices of the user. Only devices the user's signed device list names, with the identity key it
     * names, are used: anything else the server offers is refused and reported ({@code onUntrustedDevice}); when
     * {@code deviceId} is given and refused, {@link UntrustedDeviceException}. Returns the devices it set up.
     */
    List<DeviceAddress> establishSessions(String userId, String deviceId) {
        List<DeviceBundle> fetched;
        Optional<DeviceList> list;
        try {
            KeysFrames.KeyBundles reply = keys.fetchFrame(socket(), userId, deviceId);
            list = trust.verify(userId, reply.deviceList());
            fetched = dev.chatline.client.keys.KeyBundles.parse(reply);
        } catch (UntrustedDeviceException e) {
            listener.onUntrustedDevice(userId, e.getMessage());
            throw e;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the server sent an unusable key bundle for " + userId, e);
        }
        List<DeviceBundle> bundles = fetched.stream().filter(b -> trusted(list, b)).toList();
        if (deviceId != null && bundles.isEmpty()) {
            throw new UntrustedDeviceException("device " + userId + "/" + deviceId
                    + " is not on the user's signed device list with the key the server offered");
        }
        if (bundles.isEmpty() && !fetched.isEmpty()) {
            throw new UntrustedDeviceException("no device the server offered for " + userId
                    + " is on the user's signed device list with the key offered");
        }
        List<DeviceAddress> devices = locked(() -> bundles.stream().filter(b -> !b.device().equals(self())).map(b -> {
            try {
                pairwise.establish(b);
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("bad key bundle (signature check failed) for " + b.device(), e);
            }
            return b.device();
        }).toList());
        contacts.addDevices(userId, devices); // outside the lock: a changed device set is reported to the listener
        return devices;
    }

    /**
     * A group change with its {@code opId}, repeated with the same {@code opId} after {@link #REPEATABLE} errors
     * (waiting {@code retryAfterMs}, else 200 ms, 400 ms...) or a timeout, up to {@value #CHANGE_ATTEMPTS} attempts:
     * the server answers a repeat with the first outcome.
     */
    private ServerFrame repeating(ClientMessage change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return socket().call(change);
            } catch (ServerErrorException e) {
                long pause = e.retryAfterMs().orElse(200L * attempt);
                if (attempt == CHANGE_ATTEMPTS || !REPEATABLE.contains(e.code()) || pause > MAX_PAUSE_MS) {
                    throw e;
                }
                pause(pause);
            } catch (ChatSocket.RequestTimeoutException e) {
                if (attempt == CHANGE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads the user's signed device list again ({@code deviceList}, no one-time keys used) after it changed:
     * devices it no longer names are forgotten (sessions deleted), devices it names that this device does not know
     * get sessions from their bundles.
     */
    void refreshDevices(String userId) {
        LinkFrames.DeviceList reply = socket().call(new DeviceActions.DeviceList(userId, null),
                LinkFrames.DeviceList.class);
        Optional<DeviceList> list = trust.verify(userId, reply.deviceList());
        if (list.isEmpty()) {
            return;
        }
        for (DeviceAddress known : contacts.devices(userId)) {
            if (list.get().device(known.deviceId()).isEmpty()) {
                contacts.removeDevice(known);
                locked(() -> {
                    pairwise.deleteSession(known);
                    return null;
                });
            }
        }
        List<DeviceAddress> known = contacts.devices(userId);
        for (DeviceList.Entry e : list.get().devices()) {
            DeviceAddress d = new DeviceAddress(userId, e.deviceId());
            if (!known.contains(d) && !d.equals(self())) {
                establishSessions(userId, e.deviceId());
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A bundle is used only when the signed list names its device with its identity key (or the user has none). */
    private boolean trusted(Optional<DeviceList> list, DeviceBundle b) {
        if (list.isEmpty()) {
            return true;
        }
        boolean ok = list.get().device(b.device().deviceId())
                .map(e -> e.identityKey().equals(b.bundle().getIdentityKey())).orElse(false);
        if (!ok) {
            listener.onUntrustedDevice(b.device().userId(), "device " + b.device().deviceId()
                    + " is not on the signed device list with this identity key: refused");
        }
        return ok;
    }
}
