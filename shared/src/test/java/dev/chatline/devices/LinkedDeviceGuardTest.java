package dev.chatline.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.connection.DeviceAccount;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.connection.DeviceListChange;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkedDeviceGuardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final List<String> admittedByLimits = new ArrayList<>();
    private DeviceAccountStore store;
    private LinkedDeviceGuard guard;

    @BeforeAll
    void provision(MotoServer moto) {
        TestEnv env = TestEnv.provision(moto, "guard", null, Map.of());
        store = new DeviceAccountStore(env.ddb, env.config, clock);
        guard = new LinkedDeviceGuard(new DeviceDirectory(store::deviceIds, clock, Duration.ofSeconds(30), 100),
                (route, caller) -> admittedByLimits.add(route + " " + caller.device()));
    }

    private Identity connected(String userId, String deviceId) {
        Identity id = new Identity(userId, deviceId);
        store.register(id);
        return id;
    }

    private static ErrorCode refusal(Runnable r) {
        try {
            r.run();
            return null;
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    /** The account row and the linked rows as a stored list would write them (keys do not matter here). */
    private void link(String userId, long version, OptionalLong expected, String... deviceIds) {
        List<DeviceListChange.Linked> linked = new ArrayList<>();
        for (String d : deviceIds) {
            linked.add(new DeviceListChange.Linked(d, new byte[33], d, 1));
        }
        store.apply(new DeviceListChange(userId, expected, new DeviceAccount.Account(new byte[33], version,
                new byte[1], new byte[64], clock.millis(), 0), linked, List.of(), Optional.empty(), Optional.empty()));
    }

    @Test
    void withoutAnAccountEveryConnectedDeviceIsAdmittedAndANeverConnectedOneIsNot() {
        Identity phone = connected("plain", "phone");
        guard.admit("sync", phone);
        assertThat(admittedByLimits).contains("sync plain#phone");
        assertThat(refusal(() -> guard.admit("sync", new Identity("plain", "ghost")))).isEqualTo(ErrorCode.NOT_LINKED);
    }

    @Test
    void withAnAccountOnlyListedDevicesPassAndOthersOnlyTheLinkFlow() {
        Identity phone = connected("acct", "phone");
        Identity laptop = connected("acct", "laptop");
        link("acct", 1, OptionalLong.empty(), "phone");

        guard.admit("sendMessage", phone);
        assertThatThrownBy(() -> guard.admit("sendMessage", laptop)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_LINKED));
        for (String route : LinkedDeviceGuard.LINK_FLOW) {
            guard.admit(route, laptop);
        }
        assertThat(admittedByLimits).doesNotContain("sendMessage acct#laptop");

        link("acct", 2, OptionalLong.of(1), "laptop"); // linked a moment ago: the cached refusal is not kept
        guard.admit("sendMessage", laptop);
        assertThat(admittedByLimits).contains("sendMessage acct#laptop");
    }
}
