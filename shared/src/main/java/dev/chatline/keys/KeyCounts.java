package dev.chatline.keys;

/** How many one-time EC and Kyber prekeys a device has left. */
public record KeyCounts(int preKeys, int kyberPreKeys) {
}
