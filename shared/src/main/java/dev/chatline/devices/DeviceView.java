package dev.chatline.devices;

import java.util.Optional;

/** What a {@code deviceList} reply shows: the caller's own user in full (own), another user's signed list only. */
public record DeviceView(boolean own, String caller, Optional<String> linkCode) {
}
