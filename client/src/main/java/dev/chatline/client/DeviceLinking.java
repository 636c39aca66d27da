package dev.chatline.client;

import dev.chatline.client.devices.DeviceInfo;
import dev.chatline.client.devices.DeviceList;
import dev.chatline.client.devices.DeviceTrust;
import dev.chatline.client.devices.LinkCode;
import dev.chatline.client.devices.UntrustedDeviceException;
import dev.chatline.client.store.B64;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.LinkFrames;
import java.util.ArrayList;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;

/**
 * The account side of this device: creating the account identity (the user's first device), asking to be linked,
 * approving a new device, listing and unlinking devices, resetting the account after a reinstall. Every device of
 * an account holds the account identity (as Signal's linked devices do; WhatsApp lets only the phone sign): any
 * linked device can approve or unlink, and losing one device loses nothing. The approving device gives the new one
 * the account key sealed to the new device's identity key (libsignal's HPKE {@code seal}); the server forwards it
 * opaque.
 */
final class DeviceLinking {
    private static final String PROVISION_INFO = "chatline-provision-v1";
    private final DeviceContext ctx;
    private final DeviceTrust trust;

    DeviceLinking(DeviceContext ctx, DeviceTrust trust) {
        this.ctx = ctx;
        this.trust = trust;
    }

    /**
     * After keys are published: creates the account when the user has none, takes a provisioned account key, and
     * tells whether this device is linked (on the list with its own identity key).
     */
    boolean prepare() {
        LinkFrames.DeviceList own = ownList(null);
        if (own.deviceList() == null) {
            createAccount();
            return true;
        }
        if (own.provision() != null && ctx.store.accountKeyPair().isEmpty()) {
            openProvision(B64.decode(own.provision()));
        }
        DeviceList list = trust.verify(ctx.self().userId(), own.deviceList()).orElseThrow();
        ctx.store.accountKeyPair().ifPresent(pair -> {
            if (!B64.encode(pair.getPublicKey().serialize()).equals(own.deviceList().accountKey())) {
                throw new UntrustedDeviceException("the account identity this device holds did not sign its list");
            }
        });
        return list.device(ctx.self().deviceId())
                .map(d -> d.identityKey().equals(ctx.store.getIdentityKeyPair().getPublicKey())).orElse(false);
    }

    LinkCode requestLink(String name) {
        IdentityKey identity = ctx.store.getIdentityKeyPair().getPublicKey();
        LinkFrames.LinkCode reply = ctx.socket().call(new DeviceActions.LinkRequest(B64.encode(identity.serialize()),
                (long) ctx.store.getLocalRegistrationId(), name), LinkFrames.LinkCode.class);
        return new LinkCode(reply.code(), ctx.self().userId(), ctx.self().deviceId(), identity, reply.expiresAt());
    }

    /**
     * Approves the device that shows {@code shown}: the key the server returns for the code must match the code's
     * fingerprint (or the scanned key), else nothing is signed.
     */
    DeviceList approve(String shown) {
        LinkFrames.DeviceList own = ownList(LinkCode.serverCode(shown));
        LinkFrames.DeviceList.Pending pending = own.pending();
        if (pending == null) {
            throw new IllegalArgumentException("no pending link request has this code (expired or used?)");
        }
        IdentityKey key = identityKey(pending.identityKey());
        String deviceId = pending.deviceId();
        if (!LinkCode.matches(shown, ctx.self().userId(), deviceId, key)) {
            throw new UntrustedDeviceException("the key the server returned for " + deviceId
                    + " does not match the code the device shows: not linked");
        }
        DeviceList current = trust.verify(ctx.self().userId(), own.deviceList()).orElseThrow();
        DeviceList next = current.with(new DeviceList.Entry(deviceId, key, pending.registrationId(),
                pending.name() == null ? "" : pending.name(), System.currentTimeMillis()));
        IdentityKeyPair account = accountKey();
        byte[] provision = key.getPublicKey().seal(account.serialize(), PROVISION_INFO, new byte[0]);
        publish(next, account, null, LinkCode.serverCode(shown), B64.encode(provision));
        return next;
    }

    DeviceList unlink(String deviceId) {
        DeviceList current = trust.verify(ctx.self().userId(), ownList(null).deviceList()).orElseThrow();
        if (current.device(deviceId).isEmpty()) {
            throw new IllegalArgumentException("device '" + deviceId + "' is not linked");
        }
        DeviceList next = current.without(deviceId);
        publish(next, accountKey(), null, null, null);
        return next;
    }

    /**
     * A new account identity naming only this device (a reinstall, or the last device of a user who lost the
     * others): every other device is unlinked and every contact is told the account changed.
     */
    DeviceList resetAccount() {
        LinkFrames.DeviceList own = ownList(null);
        long version = own.deviceList() == null ? 0 : own.deviceList().version();
        return newAccount(version + 1);
    }

    List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        List<LinkFrames.DeviceList.Device> devices = ownList(null).devices();
        for (LinkFrames.DeviceList.Device d : devices == null ? List.<LinkFrames.DeviceList.Device>of() : devices) {
            out.add(new DeviceInfo(d.deviceId(), d.name() == null ? "" : d.name(), d.linked(),
                    d.linkedAt() == null ? 0 : d.linkedAt(), d.lastSeenAt()));
        }
        return out;
    }

    /** A {@code linked} frame: the approving device's sealed account key, opened with this device's identity. */
    void onLinked(LinkFrames.Linked frame) {
        if (frame.provision() != null) {
            openProvision(B64.decode(frame.provision()));
        }
    }

    private void createAccount() {
        newAccount(1);
    }

    private DeviceList newAccount(long version) {
        IdentityKeyPair account = IdentityKeyPair.generate();
        DeviceList list = new DeviceList(ctx.self().userId(), version, List.of(new DeviceList.Entry(
                ctx.self().deviceId(), ctx.store.getIdentityKeyPair().getPublicKey(),
                ctx.store.getLocalRegistrationId(), ctx.self().deviceId(), System.currentTimeMillis())));
        publish(list, account, B64.encode(account.getPublicKey().serialize()), null, null);
        ctx.store.setAccountKeyPair(account);
        ctx.contacts.pinAccount(ctx.self().userId(), B64.encode(account.getPublicKey().serialize()), version);
        return list;
    }

    /**
     * Signs {@code list} with the account identity and stores it on the server ({@code deviceListUpdate}, with the
     * {@code linkCode} and {@code provision} of an approval, the {@code accountKey} of a new account); the list the
     * server answers with must verify, but for a new account (pinned by the caller once stored).
     */
    private void publish(DeviceList list, IdentityKeyPair account, String accountKey, String linkCode,
                         String provision) {
        byte[] bytes = list.toBytes();
        LinkFrames.DeviceList reply = ctx.socket().call(new DeviceActions.DeviceListUpdate(B64.encode(bytes),
                B64.encode(account.getPrivateKey().calculateSignature(bytes)), accountKey, linkCode, provision),
                LinkFrames.DeviceList.class);
        if (accountKey != null) {
            return;
        }
        trust.verify(ctx.self().userId(), reply.deviceList());
    }

    private IdentityKeyPair accountKey() {
        return ctx.store.accountKeyPair().orElseThrow(() -> new IllegalStateException(
                "this device holds no account identity (it was linked before provisioning existed): reset the account"));
    }

    private void openProvision(byte[] sealed) {
        try {
            IdentityKeyPair account = new IdentityKeyPair(ctx.store.getIdentityKeyPair().getPrivateKey()
                    .open(sealed, PROVISION_INFO, new byte[0]));
            ctx.store.setAccountKeyPair(account);
        } catch (InvalidMessageException | InvalidKeyException | IllegalArgumentException e) {
            throw new UntrustedDeviceException("the provisioned account key does not open with this device's key");
        }
    }

    private LinkFrames.DeviceList ownList(String linkCode) {
        return ctx.socket().call(new DeviceActions.DeviceList(null, linkCode), LinkFrames.DeviceList.class);
    }

    private static IdentityKey identityKey(String b64) {
        try {
            return new IdentityKey(B64.decode(b64));
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new UntrustedDeviceException("the pending device's identity key is malformed");
        }
    }
}
