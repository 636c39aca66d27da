package dev.chatline.devices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.connection.DeviceListChange;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.keys.DeviceChanges;
import dev.chatline.keys.IdentityChangeNotifier;
import dev.chatline.keys.RemoteKeys;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and device linking. A user's first device creates the account identity (its public key and a device list
 * naming only that device, signed by it); afterwards the stored list changes only by a newer list whose signature
 * verifies with the stored account key ({@link XEdDsa}: the server holds no private key and cannot make one), or by
 * a reset: a list that a new account key signs and that names only the resetting device (a reinstall), announced
 * to every contact and co-member. A new device is added only together with the pending link request it made (the
 * list names exactly the identity key of the request; the request is consumed in the same transaction).
 *
 * <p>Invariants: the stored version strictly increases; every stored list verifies with the stored account key; a
 * device row is linked exactly while the stored list names it; every stored change is announced
 * ({@code devicesChanged}): the account row carries the version being announced until the announcement is queued,
 * and a retry of the same list, or the next read of the user's own list, announces it again.
 */
public final class DeviceListService {
    /** How long a link code stays valid. */
    public static final Duration LINK_CODE_TTL = Duration.ofMinutes(10);
    /** A change still marked as announcing after this long is announced again by the next read of the own list. */
    static final Duration ANNOUNCE_GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceListService.class);

    private final DeviceAccountStore store;
    private final DeviceRemoval removal;
    private final IdentityChangeNotifier notifier;
    private final DeviceChanges deviceChanges;
    private final LinkCodes codes;
    private final Clock clock;
    private final RemoteKeys remote;

    /**
     * @param deviceChanges told after every stored list (and its retries): other cells learn the devices
     * @param remote where the lists of users homed in other cells are read ({@link RemoteKeys#NONE} in one cell)
     */
    public DeviceListService(DeviceAccountStore store, DeviceRemoval removal, IdentityChangeNotifier notifier,
                             LinkCodes codes, Clock clock, DeviceChanges deviceChanges, RemoteKeys remote) {
        this.remote = remote;
        this.store = store;
        this.removal = removal;
        this.notifier = notifier;
        this.deviceChanges = deviceChanges;
        this.codes = codes;
        this.clock = clock;
    }

    /**
     * The user's account as {@code caller} may see it; an unlinked caller may read only its own user. Reading the
     * own list finishes an announcement a crashed or timed-out change left. Another cell's user's list is read in
     * that cell (the caller's link is checked here, where the caller's devices live).
     */
    public DeviceAccount read(Identity caller, String userId) {
        boolean own = userId.equals(caller.userId());
        if (!own && !store.read(caller.userId()).isLinked(caller.deviceId())) {
            throw notLinked();
        }
        if (!own) {
            Optional<DeviceAccount> remoteList = remote.deviceList(caller, userId);
            if (remoteList.isPresent()) {
                return remoteList.get();
            }
        }
        DeviceAccount account = store.read(userId);
        account.account().filter(a -> own && a.announcing() > 0
                        && clock.millis() - a.updatedAt() > ANNOUNCE_GRACE.toMillis())
                .ifPresent(a -> announce(caller, a, false));
        return account;
    }

    /** A user's signed list as others see it: asked by another cell, which checked that its caller is linked. */
    public Optional<DeviceAccount.Account> signedList(String userId) {
        return store.read(userId).account();
    }

    /** Issues a link code for the calling (unlinked) device; it carries the identity key the device will use. */
    public LinkCode requestLink(Identity caller, byte[] identityKey, int registrationId, String name) {
        DeviceAccount account = store.read(caller.userId());
        if (account.account().isEmpty()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "the user has no account yet: this device creates it with deviceListUpdate");
        }
        if (account.isLinked(caller.deviceId()) && account.device(caller.deviceId())
                .map(d -> Arrays.equals(d.linkedKey(), identityKey)).orElse(false)) {
            throw ClientFrame.invalid("identityKey", "this device is already linked with this identity key");
        }
        long expiresAt = clock.instant().plus(LINK_CODE_TTL).getEpochSecond();
        for (int attempt = 0; attempt < 3; attempt++) {
            String code = codes.next();
            if (store.putLinkRequest(caller.userId(), new DeviceAccount.LinkRequest(code, caller.deviceId(),
                    identityKey, registrationId, name, expiresAt))) {
                LOG.info("link code issued");
                return new LinkCode(code, expiresAt * 1000);
            }
        }
        throw new IllegalStateException("no free link code after 3 attempts");
    }

    /** A code and its expiry (epoch ms). */
    public record LinkCode(String code, long expiresAtMillis) {
    }

    /**
     * Stores a new signed list (create, approve a link, unlink, reset) and applies its consequences.
     *
     * @param update a valid {@code deviceListUpdate}, its fields decoded here ({@link DeviceListUpdate#from})
     */
    public DeviceAccount update(Identity caller, DeviceActions.DeviceListUpdate update) {
        DeviceListUpdate request = DeviceListUpdate.from(update);
        SignedDeviceList list = SignedDeviceList.parse("list", request.list());
        if (!list.userId().equals(caller.userId())) {
            throw SignedDeviceList.invalid("the list names user '" + list.userId() + "', not the caller's");
        }
        DeviceAccount current = store.read(caller.userId());
        Optional<DeviceAccount.Account> stored = current.account();
        if (stored.isPresent() && Arrays.equals(stored.get().list(), request.list())
                && Arrays.equals(stored.get().signature(), request.signature())) {
            // a retry of the stored change: finish what the first attempt may have left
            deviceChanges.changed(caller.userId());
            announce(caller, stored.get(), false);
            return store.read(caller.userId());
        }
        byte[] accountKey = request.accountKey().or(() -> stored.map(DeviceAccount.Account::accountKey))
                .orElseThrow(() -> ClientFrame.missing("accountKey"));
        boolean reset = stored.isPresent() && !Arrays.equals(accountKey, stored.get().accountKey());
        if (!XEdDsa.verify(accountKey, request.list(), request.signature())) {
            throw SignedDeviceList.invalid("the signature does not verify with the account identity key");
        }
        if (stored.isPresent() && list.version() <= stored.get().version()) {
            throw SignedDeviceList.invalid("version must be greater than " + stored.get().version());
        }
        if (stored.isPresent() && !reset && !current.isLinked(caller.deviceId())) {
            throw notLinked();
        }
        DeviceListChange change = stored.isEmpty() || reset
                ? newAccount(caller, current, list, accountKey, request)
                : nextList(caller, current, list, request);
        store.apply(change);
        deviceChanges.changed(caller.userId());
        LOG.info("device list v{} stored: {} linked, {} removed{}", list.version(), change.linked().size(),
                change.removed().size(), reset ? ", new account identity" : "");
        for (String removed : change.removed()) {
            removal.remove(caller.userId(), removed, DeviceFrames.unlinked(caller.userId(), removed, list.version()));
        }
        if (change.consumedCode().isPresent()) {
            change.linked().forEach(d -> removal.tell(caller.userId(), d.deviceId(), DeviceFrames.linked(
                    caller.userId(), d.deviceId(), list.version(), request.provision().orElse(null))));
        }
        announce(caller, change.next(), reset);
        return store.read(caller.userId());
    }

    /** The first list of an account, or a reset: it names only the caller; every other device is unlinked. */
    private DeviceListChange newAccount(Identity caller, DeviceAccount current, SignedDeviceList list,
                                        byte[] accountKey, DeviceListUpdate request) {
        if (list.devices().size() != 1 || list.device(caller.deviceId()).isEmpty()) {
            throw SignedDeviceList.invalid("a new account identity's list names exactly the device that signs it");
        }
        SignedDeviceList.Entry self = list.devices().get(0);
        List<String> removed = current.devices().stream().filter(DeviceAccount.Device::linked)
                .map(DeviceAccount.Device::deviceId).filter(d -> !d.equals(caller.deviceId())).toList();
        return new DeviceListChange(caller.userId(), current.version(), account(accountKey, list, request),
                List.of(linked(self)), removed, Optional.empty(), Optional.empty());
    }

    /**
     * A newer list under the same account key: unchanged devices keep their keys, at most one device is added (or
     * re-keyed) and only with the link request that names its exact identity key, dropped devices are unlinked.
     */
    private DeviceListChange nextList(Identity caller, DeviceAccount current, SignedDeviceList list,
                                      DeviceListUpdate request) {
        DeviceAccount.Account stored = current.account().orElseThrow();
        SignedDeviceList previous = SignedDeviceList.parse("stored list", stored.list());
        List<DeviceListChange.Linked> added = new ArrayList<>();
        for (SignedDeviceList.Entry e : list.devices()) {
            if (!e.sameKey(previous.device(e.deviceId()).orElse(null))) {
                added.add(approved(current, e, request.linkCode()));
            }
        }
        if (added.size() > 1) {
            throw SignedDeviceList.invalid("a list adds at most one device, the one its link code names");
        }
        List<String> removed = previous.devices().stream().map(SignedDeviceList.Entry::deviceId)
                .filter(d -> list.device(d).isEmpty()).toList();
        return new DeviceListChange(caller.userId(), OptionalLong.of(stored.version()),
                account(stored.accountKey(), list, request), added, removed,
                added.isEmpty() ? Optional.empty() : request.linkCode(), request.provision());
    }

    private static DeviceListChange.Linked approved(DeviceAccount current, SignedDeviceList.Entry e,
                                                    Optional<String> code) {
        String linkCode = code.orElseThrow(() -> SignedDeviceList.invalid("the list adds device '" + e.deviceId()
                + "': name the link code its request showed (linkCode)"));
        DeviceAccount.LinkRequest request = current.linkRequest(linkCode).orElseThrow(() ->
                new ProtocolException(ErrorCode.UNKNOWN_LINK_CODE, "no pending link request has code " + linkCode));
        if (!request.deviceId().equals(e.deviceId()) || !Arrays.equals(request.identityKey(), e.identityKey())) {
            throw SignedDeviceList.invalid("the list adds device '" + e.deviceId()
                    + "' with an identity key the link request does not name");
        }
        return linked(e);
    }

    private DeviceAccount.Account account(byte[] accountKey, SignedDeviceList list, DeviceListUpdate request) {
        return new DeviceAccount.Account(accountKey, list.version(), request.list(), request.signature(),
                clock.millis(), list.version());
    }

    private static DeviceListChange.Linked linked(SignedDeviceList.Entry e) {
        return new DeviceListChange.Linked(e.deviceId(), e.identityKey(), e.name(), e.linkedAt());
    }

    /** Tells contacts and the user's other devices, then clears the account row's announcing mark. */
    private void announce(Identity caller, DeviceAccount.Account account, boolean accountChanged) {
        if (account.announcing() == 0) {
            return;
        }
        ObjectNode frame = DeviceFrames.devicesChanged(caller.userId(), account.version(), accountChanged,
                clock.millis());
        notifier.announce(caller, frame, "devicesChanged|" + caller.userId() + "|" + account.version());
        store.announced(caller.userId(), account.version());
    }

    private static ProtocolException notLinked() {
        return LinkedDeviceGuard.notLinked();
    }
}
