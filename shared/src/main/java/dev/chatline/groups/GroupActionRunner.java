package dev.chatline.groups;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions.GroupAccept;
import dev.chatline.protocol.GroupActions.GroupAdd;
import dev.chatline.protocol.GroupActions.GroupAdmin;
import dev.chatline.protocol.GroupActions.GroupCreate;
import dev.chatline.protocol.GroupActions.GroupDecline;
import dev.chatline.protocol.GroupActions.GroupInfo;
import dev.chatline.protocol.GroupActions.GroupLeave;
import dev.chatline.protocol.GroupActions.GroupList;
import dev.chatline.protocol.GroupActions.GroupRemove;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import java.util.Optional;

/**
 * Runs a group action frame: on the group's home cell when it is another ({@link GroupForwarding}), else on this
 * cell's {@link GroupService}. The membership route handler and the {@code cellCall} function (a forwarded action,
 * run with {@link GroupForwarding#NONE}, so an action is forwarded at most once) share it.
 */
public final class GroupActionRunner {
    private final GroupService service;
    private final GroupForwarding forwarding;

    public GroupActionRunner(GroupService service, GroupForwarding forwarding) {
        this.service = service;
        this.forwarding = forwarding;
    }

    public ServerFrame run(Identity caller, ClientMessage action) {
        Optional<ServerFrame> forwarded = forwarding.forward(caller, action);
        return forwarded.isPresent() ? forwarded.get() : local(caller, action);
    }

    private ServerFrame local(Identity caller, ClientMessage message) {
        if (message instanceof GroupCreate m) {
            return service.create(caller, m.name(), m.userIds(), m.opId());
        }
        if (message instanceof GroupAdd m) {
            return service.add(caller, m.groupId(), m.userIds(), m.opId());
        }
        if (message instanceof GroupRemove m) {
            return service.remove(caller, m.groupId(), m.userId(), m.opId());
        }
        if (message instanceof GroupLeave m) {
            return service.leave(caller, m.groupId(), m.opId());
        }
        if (message instanceof GroupAdmin m) {
            return service.promote(caller, m.groupId(), m.userId(), m.opId());
        }
        if (message instanceof GroupAccept m) {
            return service.accept(caller, m.groupId(), m.opId());
        }
        if (message instanceof GroupDecline m) {
            return service.decline(caller, m.groupId());
        }
        if (message instanceof GroupInfo m) {
            return service.info(caller, m.groupId());
        }
        if (message instanceof GroupList m) {
            return service.list(caller, Optional.ofNullable(m.cursor()), m.limitOrDefault());
        }
        throw ProtocolJson.unknownAction(message.action());
    }
}
