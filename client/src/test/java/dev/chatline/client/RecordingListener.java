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

    public List<String> texts() {
        return messages.stream().map(m -> m.content().text()).toList();
    }
}
