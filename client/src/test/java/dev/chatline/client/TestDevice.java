package dev.chatline.client;

import static org.awaitility.Awaitility.await;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.nio.file.Path;
import java.time.Duration;

/** One device of a user in an end-to-end test: a real {@link ChatClient} with its own store directory. */
public final class TestDevice implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public final DeviceAddress address;
    public final Path storeDirectory;
    public final RecordingListener events = new RecordingListener();
    public final ChatClient client;

    private TestDevice(Path storeDirectory, String userId, String deviceId) {
        this.address = new DeviceAddress(userId, deviceId);
        this.storeDirectory = storeDirectory;
        this.client = ChatClient.open(storeDirectory, userId, deviceId, events);
    }

    /** Opens the store in {@code directory} (a new identity when empty) and connects (keys upload, sync). */
    public static TestDevice connect(LocalRuntimeExtension runtime, Path directory, String userId, String deviceId) {
        TestDevice device = new TestDevice(directory, userId, deviceId);
        device.client.connect(runtime.websocketUrl(), runtime.token(userId, deviceId));
        return device;
    }

    public DeviceContext context() {
        return client.context();
    }

    /** Waits until a message with this text has been decrypted here and returns it. */
    public IncomingMessage awaitText(String text) {
        return await().atMost(TIMEOUT).until(() -> events.messages.stream()
                .filter(m -> text.equals(m.content().text())).findFirst(), java.util.Optional::isPresent).get();
    }

    @Override
    public void close() {
        client.close();
    }
}
