package dev.chatline.presence;

import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ServerFrame;
import java.util.List;

/** The presence feature's server frames, as records of the protocol (docs/protocol.md). */
public final class PresenceFrames {
    private PresenceFrames() {
    }

    /** {@code presence}: each user's online state ({@code lastSeen} when visible and offline). */
    public static ServerFrame.Presence presence(List<UserPresence> users) {
        return new ServerFrame.Presence(users.stream()
                .map(u -> new ServerFrame.Presence.User(u.userId(), u.online(), u.lastSeen())).toList());
    }

    /** The {@code settings} ack naming the settings the frame changed (a null one was not in the frame). */
    public static Acks.SettingsAck settingsAck(LastSeenVisibility lastSeen, GroupAddPrivacy groupAdd) {
        return new Acks.SettingsAck(new Acks.SettingsAck.Settings(lastSeen == null ? null : lastSeen.wire(),
                groupAdd == null ? null : groupAdd.wire()));
    }
}
