package dev.chatline.connection;

/**
 * What a connecting device proved ({@code dev.chatline.devices.ConnectProof}): that it holds the private half of
 * {@code key} (a serialized identity public key), at {@code ts} (epoch ms, inside the proof window). Whether the
 * user's signed list names that key for the device, and whether the proof is new, {@link DeviceAccountStore} checks.
 */
public record ProvenKey(byte[] key, long ts) {
}
