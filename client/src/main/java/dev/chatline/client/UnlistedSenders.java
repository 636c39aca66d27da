package dev.chatline.client;

import dev.chatline.client.devices.UntrustedDeviceException;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.EncryptedEnvelope;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The receiving side of device trust: a prekey message (it starts a session) from a device its user's signed device
 * list does not name — as far as this device knows — is held, not decrypted, until the user's list was read again
 * ({@link DeviceContext#refreshDevices}, off the dispatch thread). If the fresh list names the device, the message is
 * shown; if not, it is refused and reported ({@link ChatListener#onUntrustedDevice}), without spending a one-time key
 * on it. So a device a malicious server adds to a user cannot speak for that user, as it cannot be encrypted to.
 * Messages on an existing session come from a device whose bundle this device accepted, and pass; a user's first
 * message pins the user's account identity (trust on first use, like a first send); users without an account
 * (plain-text clients) are not checked. The cost: one {@code deviceList} read, and the bundles of the listed devices
 * this device did not know, per first message from a device.
 */
final class UnlistedSenders {
    private static final Logger LOG = Logger.getLogger(UnlistedSenders.class.getName());
    /** How long to wait before reading a list again when the read failed (the message stays held). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /** What to do with a message from a device. */
    enum Verdict { ADMIT, HOLD, REFUSE }

    private final DeviceContext ctx;
    private final Executor background;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** Users whose list was just read again: while their held messages are shown, an unknown device is refused. */
    private final Set<String> freshlyRead = ConcurrentHashMap.newKeySet();

    UnlistedSenders(DeviceContext ctx, Executor background) {
        this.ctx = ctx;
        this.background = background;
    }

    /**
     * The verdict on an envelope of {@code type} from {@code from} (on the dispatch thread): a new session from a
     * device this device does not know is held until its user's list was read; after that read it is refused unless
     * the list named it (then it is known), or the user turned out to have no account (not checked).
     */
    Verdict check(DeviceAddress from, String type) {
        if (!EncryptedEnvelope.PREKEY.equals(type) || from.equals(ctx.self())
                || ctx.contacts.devices(from.userId()).contains(from)) {
            return Verdict.ADMIT;
        }
        if (!freshlyRead.contains(from.userId())) {
            return Verdict.HOLD;
        }
        return ctx.contacts.accountKey(from.userId()).isEmpty() ? Verdict.ADMIT : Verdict.REFUSE;
    }

    /**
     * Reads {@code userId}'s signed list again in the background (once at a time per user), then, on the dispatch
     * thread, runs {@code reshow} with the user marked freshly read, so messages still from unlisted devices are
     * refused; if the read failed, tries again after {@link #RETRY_AFTER_FAILURE} (the messages stay held).
     */
    void refresh(String userId, Consumer<Runnable> onDispatch, Runnable reshow) {
        if (!refreshing.add(userId)) {
            return;
        }
        background.execute(() -> {
            boolean read = false;
            try {
                ctx.refreshDevices(userId);
                read = true;
            } catch (UntrustedDeviceException e) {
                read = true; // no list to trust: every device it would name stays unknown, and is refused
                LOG.warning("the device list of " + userId + " was refused: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not read the device list of " + userId + "; trying again", e);
            } finally {
                refreshing.remove(userId);
            }
            if (read) {
                onDispatch.accept(() -> {
                    freshlyRead.add(userId);
                    try {
                        reshow.run();
                    } finally {
                        freshlyRead.remove(userId);
                    }
                });
            } else {
                ctx.socket().runOnDispatch(RETRY_AFTER_FAILURE, () -> refresh(userId, onDispatch, reshow));
            }
        });
    }
}
