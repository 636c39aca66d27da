package dev.chatline.push;

/** A device's current push token. @param updatedAt epoch ms of its registration */
public record PushToken(String userId, String deviceId, PushPlatform platform, String token, long updatedAt) {
    @Override
    public String toString() {
        // never print the token itself
        return "PushToken[" + userId + "#" + deviceId + ", " + platform + "]";
    }
}
