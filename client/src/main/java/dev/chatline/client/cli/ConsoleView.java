package dev.chatline.client.cli;

import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.client.ChatClient;
import dev.chatline.client.ChatListener;
import dev.chatline.client.Content;
import dev.chatline.client.IncomingMessage;
import dev.chatline.client.SentMessage;
import dev.chatline.client.receipts.DeliveryStatus;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.OwnerOnlyFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prints what happens to a terminal: incoming messages (media saved to {@code downloads/}), ✓ sent, ✓✓ delivered
 * and ✓✓ read marks for this device's messages, presence and safety-number changes. Work that talks to the server
 * (downloading media, read receipts) runs on its own thread, never on the client's dispatch thread.
 */
final class ConsoleView implements ChatListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final Path downloads;
    private final boolean markRead;
    /** Own messages sent from this terminal: message id → recipient and the furthest status shown. */
    private final Map<String, SentMark> sent = new ConcurrentHashMap<>();
    /** Read marks not sent yet, per chat: sent in one receipt per chat by the worker. */
    private final Map<String, Set<String>> unsentReadMarks = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-worker");
        t.setDaemon(true);
        return t;
    });
    private volatile ChatClient client;

    ConsoleView(PrintWriter out, Path downloads, boolean markRead) {
        this.out = out;
        this.downloads = downloads;
        this.markRead = markRead;
    }

    void attach(ChatClient client) {
        this.client = client;
    }

    private record SentMark(String to, DeliveryStatus status) {
    }

    void sent(String to, SentMessage message) {
        sent.putIfAbsent(message.messageId(), new SentMark(to, DeliveryStatus.SENT));
        out.printf("[%s] you → %s  ✓ sent (%s)%n", TIME.format(Instant.ofEpochMilli(message.serverTs())), to,
                shortId(message.messageId()));
    }

    @Override
    public void onMessage(IncomingMessage m) {
        print(m, "");
    }

    /** A message that arrived after later ones were shown: printed where it lands, marked with its place. */
    @Override
    public void onLateMessage(IncomingMessage m) {
        print(m, "(earlier message, #" + m.seq() + ") ");
    }

    private void print(IncomingMessage m, String note) {
        String where = m.groupId() != null ? "[group " + m.groupId() + "] " : "";
        Content c = m.content();
        out.printf("[%s] %s%s: %s%s%n", TIME.format(Instant.ofEpochMilli(m.serverTs())), where, m.from(), note,
                c.text() == null ? "" : c.text());
        if (c.media() != null) {
            worker.execute(() -> save(c.media()));
        }
        if (markRead && !m.from().userId().equals(client.self().userId())) {
            unsentReadMarks.computeIfAbsent(m.chatId(), k -> ConcurrentHashMap.newKeySet()).add(m.messageId());
            worker.execute(this::sendReadMarks);
        }
    }

    /** Sends every read mark queued so far, one receipt per chat (a burst after sync costs a frame per chat). */
    private void sendReadMarks() {
        for (String chatId : List.copyOf(unsentReadMarks.keySet())) {
            Set<String> ids = unsentReadMarks.remove(chatId);
            if (ids != null && !ids.isEmpty()) {
                client.receipt(chatId, ids, "read");
            }
        }
    }

    private void save(Content.MediaRef media) {
        try {
            byte[] bytes = client.downloadMedia(media);
            String name = media.fileName() == null ? media.mediaId() : Path.of(media.fileName()).getFileName().toString();
            Path file = downloads.resolve(name);
            OwnerOnlyFiles.write(file, bytes); // decrypted: as private as the messages

            out.printf("    📎 %s (%s, %d bytes, decrypted) saved to %s%n", name, media.contentType(), bytes.length, file);
        } catch (Exception e) {
            out.printf("    📎 media %s could not be fetched: %s%n", media.mediaId(), e.getMessage());
        }
    }

    /** Prints a mark only when the status moves forward: {@code read} without a {@code delivered} before it too. */
    @Override
    public void onReceipt(String chatId, List<String> messageIds, String status, String by) {
        DeliveryStatus reached = DeliveryStatus.fromWire(status);
        if (reached == null) {
            return;
        }
        for (String id : messageIds) {
            SentMark before = sent.get(id);
            if (before != null && reached.compareTo(before.status()) > 0
                    && sent.replace(id, before, new SentMark(before.to(), reached))) {
                out.printf("    %s  %s (%s)%n", reached == DeliveryStatus.READ ? "✓✓ read" : "✓✓ delivered",
                        before.to(), shortId(id));
            }
        }
    }

    @Override
    public void onPresence(String userId, boolean online, Long lastSeen) {
        out.printf("    %s %s%n", online ? "●" : "○", userId + (online ? " is online"
                : lastSeen == null ? " is offline" : " was last seen " + TIME.format(Instant.ofEpochMilli(lastSeen))));
    }

    @Override
    public void onIdentityChanged(DeviceAddress device) {
        out.printf("    ⚠ the safety number with %s changed (new identity key: reinstalled or new phone)%n", device);
    }

    @Override
    public void onSafetyNumberChanged(String userId, boolean wasVerified, String reason) {
        if (wasVerified) {
            out.printf("    ⚠⚠ WARNING: the safety number with %s CHANGED since you verified it (%s). It is no longer"
                    + " verified: compare it again ('/safety %s') before trusting this chat%n", userId, reason, userId);
        } else {
            out.printf("    ⚠ the safety number with %s changed (%s)%n", userId, reason);
        }
    }

    @Override
    public void onGroupMembershipWarning(String groupId, String userId, String reason) {
        out.printf("    ⚠ group %s: %s %s%n", groupId, userId, reason);
    }

    @Override
    public void onDecryptionFailure(String messageId, DecryptionException error) {
        out.printf("    ✗ message %s dropped: %s%n", shortId(messageId), error.getMessage());
    }

    @Override
    public void onOtherFrame(ServerFrame frame) {
        if (frame instanceof MembershipFrames.GroupInvite invite) {
            out.printf("    · %s invites you to group \"%s\" (%s): '/accept %s' to join%n",
                    invite.invitedBy(), invite.name(), invite.groupId(), invite.groupId());
            return;
        }
        if (!(frame instanceof ChatFrames.Message message)) {
            return;
        }
        if ("chatline/system".equals(message.contentType())) { // group membership changes, not secret
            out.printf("    · group %s: %s by %s%n", message.groupId(), message.body(),
                    message.from() == null ? "" : message.from().userId());
        } else {
            out.printf("    · unencrypted %s in %s%n", message.contentType() == null ? "message" : message.contentType(),
                    message.chatId());
        }
    }

    /** Lets pending downloads and read receipts finish (at most 30 s). */
    void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    private static String shortId(String messageId) {
        int dash = messageId.lastIndexOf('-');
        return dash < 0 ? messageId : "#" + messageId.substring(dash + 1);
    }
}
