package dev.chatline.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.schema.Tables;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(MotoExtension.class)
class DeviceAccountStoreTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "devices");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void unknownUserHasNoDevices() {
        assertThat(f.devices.deviceIds("nobody-here")).isEmpty();
    }

    @Test
    void registeringAgainKeepsRegisteredAtAndMovesLastSeenAt() {
        long first = f.clock.millis();
        f.devices.register(new Identity("eve", "phone"));
        f.clock.advance(Duration.ofMinutes(5));
        f.devices.register(new Identity("eve", "phone"));
        f.devices.register(new Identity("eve", "laptop"));

        assertThat(f.devices.deviceIds("eve")).containsExactly("laptop", "phone");
        Map<String, AttributeValue> row = f.ddb.getItem(r -> r.tableName(f.config.tableName(Tables.DEVICES))
                .key(Map.of("userId", AttributeValue.fromS("eve"), "deviceId", AttributeValue.fromS("phone"))))
                .item();
        assertThat(row.get(DeviceAccountStore.REGISTERED_AT).n()).isEqualTo(Long.toString(first));
        assertThat(row.get(DeviceAccountStore.LAST_SEEN_AT).n()).isEqualTo(Long.toString(f.clock.millis()));
    }
}
