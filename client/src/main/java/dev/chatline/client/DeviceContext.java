package dev.chatline.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
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
    private static final Set<String> OWN_MESSAGE_ACTIONS =
            Set.of("sendMessage", "groupCreate", "groupAdd", "groupRemove", "groupAdmin");

    final DeviceStore store;
    final ContactBook contacts;
    final PairwiseCipher pairwise;
    final SenderKeys senderKeys;
    final KeyService keys;
    final ChatPositions positions;
    final RosterBook rosters;
    /** Safety numbers and their warnings; set once by the client (it needs the listener). */
    volatile ContactTrust trust;
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
        this.rosters = new RosterBook(store.directory());
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
     * Sends {@code frame} and waits for the reply (errors throw); a reply that gives this device's own message a
     * seq ({@code sendMessage}'s {@code ack}, a group change's {@code groupInfo}) is reported to the ordering.
     */
    JsonNode call(ObjectNode frame) {
        JsonNode reply = socket().call(frame);
        if (OWN_MESSAGE_ACTIONS.contains(frame.path("action").asText()) && reply.has("chatId") && reply.has("seq")) {
            ownMessages.accept(reply.path("chatId").asText(), reply.path("seq").asLong());
        }
        return reply;
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
     * become known devices of the user. Returns the devices it set up.
     */
    List<DeviceAddress> establishSessions(String userId, String deviceId) {
        List<DeviceBundle> bundles;
        try {
            bundles = keys.fetch(socket(), userId, deviceId);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("the server sent an unusable key bundle for " + userId, e);
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
}
