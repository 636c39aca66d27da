package dev.chatline.keys;

import java.util.Optional;

/**
 * What a requester gets for one device: its long-lived keys, one one-time EC prekey (absent when none is left)
 * and one Kyber prekey (a one-time one, or the last-resort key when none is left).
 */
public record KeyBundle(DeviceKeys device, Optional<PreKey> preKey, PreKey kyberPreKey, boolean kyberLastResort) {
}
