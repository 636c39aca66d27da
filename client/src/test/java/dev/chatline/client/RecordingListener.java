package dev.chatline.client;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DeviceAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event of a {@link ChatClient}, for tests to await. */
public final class RecordingListener implements ChatListener {
    public record Receipt(String chatId, List<String> messageIds, String status, String by) {
    }

    public record Failure(String messageId, DecryptionException error) {
    }

    public final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
    public final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    public final List<DeviceAddress> identityChanges = new CopyOnWriteArrayList<>();
    public final List<Failure> failures = new CopyOnWriteArrayList<>();
    public final List<dev.chatline.protocol.ServerFrame> otherFrames = new CopyOnWriteArrayList<>();
    public final java.util.concurrent.atomic.AtomicInteger linked = new java.util.concurrent.atomic.AtomicInteger();
    public final java.util.concurrent.atomic.AtomicInteger unlinked = new java.util.concurrent.atomic.AtomicInteger();
    public final List<String> accountChanges = new CopyOnWriteArrayList<>();
    public final List<String> untrusted = new CopyOnWriteArrayList<>();
    /** userId + (accountChanged ? "!" : ""), per devicesChanged event. */
    public final List<String> devicesChanged = new CopyOnWriteArrayList<>();
    /** "groupId userId reason" per group membership warning. */
    public final List<String> membershipWarnings = new CopyOnWriteArrayList<>();
    /** "userId verified|unverified reason" per safety-number change. */
    public final List<String> safetyNumberChanges = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(IncomingMessage message) {
        messages.add(message);
    }

    @Override
    public void onReceipt(String chatId, List<String> messageIds, String status, String by) {
        receipts.add(new Receipt(chatId, messageIds, status, by));
    }

    @Override
    public void onIdentityChanged(DeviceAddress device) {
        identityChanges.add(device);
    }

    @Override
    public void onSafetyNumberChanged(String userId, boolean wasVerified, String reason) {
        safetyNumberChanges.add(userId + (wasVerified ? " verified " : " unverified ") + reason);
    }

    @Override
    public void onGroupMembershipWarning(String groupId, String userId, String reason) {
        membershipWarnings.add(groupId + " " + userId + " " + reason);
    }

    @Override
    public void onDecryptionFailure(String messageId, DecryptionException error) {
        failures.add(new Failure(messageId, error));
    }

    @Override
    public void onOtherFrame(dev.chatline.protocol.ServerFrame frame) {
        otherFrames.add(frame);
    }

    public List<String> texts() {
        return messages.stream().map(m -> m.content().text()).toList();
    }

    @Override
    public void onLinked() {
        linked.incrementAndGet();
    }

    @Override
    public void onUnlinked() {
        unlinked.incrementAndGet();
    }

    @Override
    public void onAccountChanged(String userId) {
        accountChanges.add(userId);
    }

    @Override
    public void onUntrustedDevice(String userId, String reason) {
        untrusted.add(userId + ": " + reason);
    }

    @Override
    public void onDevicesChanged(String userId, boolean accountChanged) {
        devicesChanged.add(userId + (accountChanged ? "!" : ""));
    }
}
