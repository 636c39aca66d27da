package dev.chatline.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class ConnectionStoreTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "connstore");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static ConnectionRecord row(String id, String user, String device, long ttlSeconds) {
        return new ConnectionRecord(id, user, device, f.clock.millis(),
                f.clock.instant().getEpochSecond() + ttlSeconds);
    }

    @Test
    void liveConnectionsSkipExpiredRowsThatDynamoDbHasNotDeletedYet() {
        f.connections.put(row("c-live", "ana", "phone", 100));
        f.connections.put(row("c-dead", "ana", "laptop", 100));
        f.clock.advance(Duration.ofSeconds(50));
        f.connections.put(row("c-late", "ana", "tablet", 100));
        f.clock.advance(Duration.ofSeconds(60)); // the first two are 110 s old now

        assertThat(f.connections.liveConnections("ana")).extracting(ConnectionRecord::connectionId)
                .containsExactly("c-late");
        assertThat(f.connections.get("c-live")).isEmpty();
        assertThat(f.connections.get("c-late")).map(ConnectionRecord::deviceId).contains("tablet");
    }

    @Test
    void liveConnectionsOfOneDeviceLeaveOutTheUsersOtherDevices() {
        f.connections.put(row("d-1", "ben", "phone", 100));
        f.connections.put(row("d-2", "ben", "laptop", 100));
        f.connections.put(row("d-3", "bent", "phone", 100));

        assertThat(f.connections.liveConnections("ben", "phone")).extracting(ConnectionRecord::connectionId)
                .containsExactly("d-1");
        assertThat(f.connections.liveConnections("ben")).extracting(ConnectionRecord::identity)
                .containsExactlyInAnyOrder(new Identity("ben", "phone"), new Identity("ben", "laptop"));
    }

    @Test
    void deleteRemovesOnlyThatConnection() {
        f.connections.put(row("x-1", "dee", "phone", 100));
        f.connections.put(row("x-2", "dee", "laptop", 100));

        f.connections.delete("x-1");

        assertThat(f.connections.get("x-1")).isEmpty();
        assertThat(f.connections.get("x-2")).isPresent();
    }
}
