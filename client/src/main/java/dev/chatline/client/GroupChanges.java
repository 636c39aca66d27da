package dev.chatline.client;

import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions.GroupAccept;
import dev.chatline.protocol.GroupActions.GroupAdd;
import dev.chatline.protocol.GroupActions.GroupAdmin;
import dev.chatline.protocol.GroupActions.GroupCreate;
import dev.chatline.protocol.GroupActions.GroupLeave;
import dev.chatline.protocol.GroupActions.GroupRemove;
import java.util.UUID;

/**
 * The group changes ({@code groupCreate} ... {@code groupAccept}): each is sent with an {@code opId} and repeated
 * with it after a failure that may hide a success, so a change is applied once and its system message delivered
 * (docs/protocol.md, {@code opId}). Invariant: a change this class returns always carries an {@code opId}, the
 * caller's when it gave one.
 */
final class GroupChanges {
    private GroupChanges() {
    }

    /** Whether {@code message} changes a group (and so takes an {@code opId}). */
    static boolean isChange(ClientMessage message) {
        return message instanceof GroupCreate || message instanceof GroupAdd || message instanceof GroupRemove
                || message instanceof GroupAdmin || message instanceof GroupLeave || message instanceof GroupAccept;
    }

    /** The change with a fresh {@code opId} when it has none; any other message unchanged. */
    static ClientMessage withOpId(ClientMessage message) {
        String opId = UUID.randomUUID().toString();
        if (message instanceof GroupCreate c && c.opId() == null) {
            return new GroupCreate(opId, c.name(), c.userIds());
        } else if (message instanceof GroupAdd c && c.opId() == null) {
            return new GroupAdd(opId, c.groupId(), c.userIds());
        } else if (message instanceof GroupRemove c && c.opId() == null) {
            return new GroupRemove(opId, c.groupId(), c.userId());
        } else if (message instanceof GroupAdmin c && c.opId() == null) {
            return new GroupAdmin(opId, c.groupId(), c.userId());
        } else if (message instanceof GroupLeave c && c.opId() == null) {
            return new GroupLeave(opId, c.groupId());
        } else if (message instanceof GroupAccept c && c.opId() == null) {
            return new GroupAccept(opId, c.groupId());
        }
        return message;
    }
}
