package dev.chatline.groups;

import dev.chatline.fanout.FanoutQueue;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.send.MessageDelivery;

/**
 * What a {@link GroupService} uses of messaging: the group's seq counter, the system messages' store and delivery,
 * and the fan-out queue that carries invitations.
 */
public record GroupMessaging(ChatStore chats, MessageStore messages, MessageDelivery delivery, FanoutQueue queue,
                             MessagingSettings settings) {
}
