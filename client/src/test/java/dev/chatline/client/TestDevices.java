package dev.chatline.client;

import dev.chatline.local.testing.LocalRuntimeExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The client devices one test connects to the local runtime, each with its own store directory (the same user and
 * device get the same directory again, as a restarted app does); after each test every device still open is
 * closed and the directories are deleted. Register it as an instance field with {@code @RegisterExtension}.
 */
final class TestDevices implements AfterEachCallback {
    private final LocalRuntimeExtension runtime;
    private final List<TestDevice> open = new ArrayList<>();
    private Path dir;

    TestDevices(LocalRuntimeExtension runtime) {
        this.runtime = runtime;
    }

    /**
     * Connects (logs in) the device, its store in this test's directory. A new device of a user who already has a
     * linked device open is linked through it, as a user would: it shows its link code, the open device approves.
     */
    TestDevice connect(String userId, String deviceId) {
        TestDevice d = TestDevice.connect(runtime, dir().resolve(userId + "." + deviceId), userId, deviceId);
        open.add(d);
        if (!d.client.isLinked()) {
            open.stream().filter(o -> o != d && o.address.userId().equals(userId) && o.client.isLinked())
                    .findFirst().ifPresent(approver -> link(d, approver));
        }
        return d;
    }

    /** Connects the device without linking it (a new device of a user with an account stays unlinked). */
    TestDevice connectUnlinked(String userId, String deviceId) {
        TestDevice d = TestDevice.connect(runtime, dir().resolve(userId + "." + deviceId), userId, deviceId);
        open.add(d);
        return d;
    }

    /** Links {@code device} by its code, approved on {@code approver}; waits until it synced as a linked device. */
    static void link(TestDevice device, TestDevice approver) {
        approver.client.approveLink(device.client.requestLink(device.address.deviceId()).display());
        org.awaitility.Awaitility.await().atMost(TestDevice.TIMEOUT).until(() -> device.events.linked.get() > 0);
    }

    /** Closes the device (its store stays, for a later {@link #connect} of the same device). */
    void close(TestDevice device) {
        device.close();
        open.remove(device);
    }

    /** The devices still open. */
    List<TestDevice> open() {
        return List.copyOf(open);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        open.forEach(TestDevice::close);
        open.clear();
        if (dir != null) {
            deleteTree(dir);
            dir = null;
        }
    }

    /**
     * Deletes the devices' stores. A closed client may still finish a store write (a temporary file renamed over
     * the store file), so a file can vanish while the tree is walked: walk again.
     */
    private static void deleteTree(Path root) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("chatline-client-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
