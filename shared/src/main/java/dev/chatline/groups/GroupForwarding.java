package dev.chatline.groups;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ServerFrame;
import java.util.Optional;

/**
 * Group actions on a group that lives in another cell (docs/architecture.md, "Cells"): the caller's cell only
 * authenticated the caller; the group's home runs the action and answers. A single cell forwards nothing
 * ({@link #NONE}).
 */
@FunctionalInterface
public interface GroupForwarding {
    /**
     * @return the home cell's reply when the action's group lives in another cell (its refusals are thrown here as
     *         the same {@code ProtocolException}), empty when the action is this cell's
     */
    Optional<ServerFrame> forward(Identity caller, ClientMessage action);

    GroupForwarding NONE = (caller, action) -> Optional.empty();
}
