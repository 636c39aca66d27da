package dev.chatline.testing;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.MessagingSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the messaging tests that post to connections: one moto environment per class (tables, FIFO queue, push
 * topic) wired to a fake {@code @connections} endpoint, and the {@link MessagingFixture} over both.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectedMessagingTestBase {
    protected final FakeConnections endpoint = new FakeConnections();
    protected MessagingFixture f;

    /** Distinguishes this class's resources in the shared emulator. */
    protected abstract String environmentName();

    /** Messages per rate-limit window for the class's senders. */
    protected abstract int sendRatePermits();

    @BeforeAll
    protected void provisionMessaging(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, environmentName(), endpoint.endpoint(),
                Map.of(MessagingSettings.SEND_RATE_PERMITS, Integer.toString(sendRatePermits()))));
    }

    @AfterAll
    protected void closeMessaging() {
        f.close();
        endpoint.close();
    }
}
