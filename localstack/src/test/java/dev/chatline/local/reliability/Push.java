package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;

/** Registers a device's push token, so a message to it while offline goes through the push path too. */
final class Push {
    private Push() {
    }

    static void register(Peer device) throws InterruptedException {
        JsonNode reply = device.request(Frames.registerPush("android",
                "token-" + device.userId + "-" + device.deviceId), Harness.TIMEOUT);
        if (reply == null || !Frames.isType(reply, "ack")) {
            throw new IllegalStateException("registerPush failed: " + reply);
        }
    }
}
