package dev.chatline.client.cli;

import dev.chatline.client.trust.SafetyNumber;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code safety-number <user>} and {@code verify <user>}: compare a chat's safety number and mark it verified. */
final class TrustCommands {
    private TrustCommands() {
    }

    /** Prints a safety number and its verification state (also the {@code /safety} and {@code /verify} lines). */
    static void print(PrintWriter out, SafetyNumber number) {
        out.printf("safety number with %s:%n%s%n", number.userId(), number.grouped());
        if (number.verified()) {
            out.printf("✔ verified%n");
        } else if (number.changedSinceVerified()) {
            out.printf("⚠ NOT VERIFIED: it changed since you verified it; compare it again, then 'verify %s'%n",
                    number.userId());
        } else {
            out.printf("not verified: compare it with %s's (in person or on a call), then 'verify %s'%n",
                    number.userId(), number.userId());
        }
    }

    @Command(name = "safety-number", description = "Show the safety number of your chat with a user.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;
        @Parameters(index = "0", description = "The other user's id.")
        String userId;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                print(device.out(), c.client().safetyNumber(userId));
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Mark the safety number with a user as verified (after comparing it).")
    static final class Verify implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;
        @Parameters(index = "0", description = "The other user's id.")
        String userId;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                print(device.out(), c.client().verify(userId));
            }
            return 0;
        }
    }
}
