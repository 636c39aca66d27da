package dev.chatline.send;

import dev.chatline.auth.Identity;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.send.SendMessageRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a message in a chat goes to, resolved before the message is stored: the chat, its recipients (every member
 * but the sender, with their devices) and the sender's devices.
 *
 * <p>Invariant: a recipient receives (and may acknowledge) only messages with a seq above its
 * {@link Recipient#memberSince}, so a member who joins later never gets earlier messages; the message's
 * {@code recipientCount} is the number of recipients of its seq, fixed at send time.
 *
 * @param kind the chat's kind for the {@code chats} table ({@link ChatStore#KIND_DIRECT} or {@code group})
 */
public record ChatAudience(String chatId, String kind, List<Recipient> recipients, List<String> senderDevices) {

    /** A member other than the sender, with the seq after which its membership began and its devices. */
    public record Recipient(String userId, long memberSince, List<String> deviceIds) {
        public Recipient {
            deviceIds = List.copyOf(deviceIds);
        }
    }

    /** Resolves the audience of a send (reads only; refuses with a ProtocolException). */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param admitted waits for the sender's rate limit, taken beside the first read (throws
         *                 {@code RATE_LIMITED}): a resolver runs it before any read that grows with the audience,
         *                 so a refused send costs one read at most
         */
        ChatAudience resolve(Identity sender, SendMessageRequest request, Runnable admitted);
    }

    public ChatAudience {
        recipients = List.copyOf(recipients);
        senderDevices = List.copyOf(senderDevices);
    }

    /** The recipients of a message with this seq. */
    public List<Recipient> recipientsAt(long seq) {
        return recipients.stream().filter(r -> r.memberSince() < seq).toList();
    }

    /** Every device of the recipients of {@code seq}, then the sender's other devices. */
    public List<FanoutJob.Target> targets(Identity sender, long seq) {
        List<FanoutJob.Target> targets = new ArrayList<>();
        recipientsAt(seq).forEach(r -> r.deviceIds().forEach(d -> targets.add(new FanoutJob.Target(r.userId(), d))));
        senderDevices.stream().filter(d -> !d.equals(sender.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(sender.userId(), d)));
        return targets;
    }
}
