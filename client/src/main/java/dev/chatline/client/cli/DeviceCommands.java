package dev.chatline.client.cli;

import dev.chatline.client.devices.DeviceInfo;
import dev.chatline.client.devices.LinkCode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The device commands: link this device, approve another, list devices, unlink one, reset the account. */
final class DeviceCommands {
    private DeviceCommands() {
    }

    @Command(name = "link", description = "Ask to link this device: shows a code to approve on a linked device, "
            + "then waits for the approval.")
    static final class Link implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;
        @Option(names = "--name", description = "The name the other devices show (default: the device id).")
        String name;
        @Option(names = "--wait", defaultValue = "600", description = "Seconds to wait for the approval. Default: ${DEFAULT-VALUE}.")
        long waitSeconds;

        @Override
        public Integer call() throws InterruptedException {
            try (ChatCli.Connected c = device.connect()) {
                if (c.client().isLinked()) {
                    device.out().println("this device is already linked");
                    return 0;
                }
                LinkCode code = c.client().requestLink(name != null ? name : c.client().self().deviceId());
                device.out().printf("on a linked device run:  approve %s%n(QR payload: %s)%nthe code expires at %s%n",
                        code.display(), code.qrPayload(), Instant.ofEpochMilli(code.expiresAt()));
                Instant until = Instant.now().plus(Duration.ofSeconds(waitSeconds));
                while (!c.client().isLinked() && Instant.now().isBefore(until)) {
                    Thread.sleep(200); // a console waiting for a person, not a test
                }
                device.out().println(c.client().isLinked() ? "linked" : "not approved in time");
                return c.client().isLinked() ? 0 : 1;
            }
        }
    }

    @Command(name = "approve", description = "Link the device that shows this code (or QR payload).")
    static final class Approve implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;
        @Parameters(index = "0", description = "The code the new device shows, e.g. 7K3QX9MA-4821-0937-5520.")
        String code;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                var list = c.client().approveLink(code);
                device.out().printf("approved; device list v%d: %s%n", list.version(),
                        list.devices().stream().map(d -> d.deviceId()).toList());
            }
            return 0;
        }
    }

    @Command(name = "devices", description = "List this user's devices.")
    static final class Devices implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                for (DeviceInfo d : c.client().devices()) {
                    device.out().printf("%-16s %-20s %s  last seen %s%n", d.deviceId(), d.name(),
                            d.linked() ? "linked " + Instant.ofEpochMilli(d.linkedAt()) : "NOT LINKED",
                            Instant.ofEpochMilli(d.lastSeenAt()));
                }
            }
            return 0;
        }
    }

    @Command(name = "unlink", description = "Unlink a device: its keys, push token and pending messages are deleted.")
    static final class Unlink implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;
        @Parameters(index = "0", description = "The device id.")
        String deviceId;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                var list = c.client().unlink(deviceId);
                device.out().printf("unlinked %s; device list v%d%n", deviceId, list.version());
            }
            return 0;
        }
    }

    @Command(name = "reset-account", description = "Start a new account identity with only this device "
            + "(after a reinstall); every other device is unlinked and every contact is told.")
    static final class ResetAccount implements Callable<Integer> {
        @Mixin
        ChatCli.DeviceOptions device;

        @Override
        public Integer call() {
            try (ChatCli.Connected c = device.connect()) {
                var list = c.client().resetAccount();
                device.out().printf("new account identity; device list v%d%n", list.version());
            }
            return 0;
        }
    }
}
