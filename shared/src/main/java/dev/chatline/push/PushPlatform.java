package dev.chatline.push;

/** The app platform a push token belongs to; FCM delivers to all three (iOS through its APNs relay). */
public enum PushPlatform {
    ANDROID, IOS, WEB
}
