package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.groups.GroupForwarding;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.ServerFrame;
import java.util.Optional;

/**
 * Forwards a group action naming a group of another cell (its id names its home, {@code GroupIds}) to that cell's
 * {@code cellCall} function ({@link CellCall#GROUP}) and answers with its reply (or throws its refusal): the home
 * runs the action for the forwarded identity, so roles, invitations, operation ids and delivery are the home's.
 * {@code groupCreate} and {@code groupList} name no group: they run in the caller's cell (a group lives in its
 * creator's cell; a list shows the groups of the caller's cell).
 */
public final class CellGroupForwarding implements GroupForwarding {
    private final CellRouter router;
    private final CellCalls calls;

    public CellGroupForwarding(CellRouter router, CellCalls calls) {
        this.router = router;
        this.calls = calls;
    }

    @Override
    public Optional<ServerFrame> forward(Identity caller, ClientMessage action) {
        return groupId(action).flatMap(router::remoteGroupHome).map(home -> CellCall.Answer.fromJson(
                calls.call(home, CellCall.group(caller, action).toJson())).frameOrThrow());
    }

    /** The group an action names (none for a creation or a list). */
    static Optional<String> groupId(ClientMessage action) {
        String id = null;
        if (action instanceof GroupActions.GroupAdd m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupRemove m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupLeave m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupAdmin m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupAccept m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupDecline m) {
            id = m.groupId();
        } else if (action instanceof GroupActions.GroupInfo m) {
            id = m.groupId();
        }
        return Optional.ofNullable(id);
    }
}
