package dev.chatline.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class SignedDeviceListTest {
    static String key(int seed) {
        byte[] k = new byte[33];
        k[0] = 0x05;
        k[1] = (byte) seed;
        return Base64.getEncoder().encodeToString(k);
    }

    /** A list's JSON with devices d0..d(n-1). */
    static byte[] list(String userId, long version, int devices) {
        StringJoiner d = new StringJoiner(",");
        for (int i = 0; i < devices; i++) {
            d.add("{\"deviceId\":\"d" + i + "\",\"identityKey\":\"" + key(i) + "\",\"registrationId\":" + (i + 1)
                    + ",\"name\":\"device " + i + "\",\"linkedAt\":1000}");
        }
        return ("{\"format\":\"chatline-device-list/1\",\"userId\":\"" + userId + "\",\"version\":" + version
                + ",\"devices\":[" + d + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode codeOf(byte[] bytes) {
        try {
            SignedDeviceList.parse("list", bytes);
            return null;
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    @Test
    void aListIsReadWithItsDevicesAndKeys() {
        SignedDeviceList l = SignedDeviceList.parse("list", list("alice", 3, 2));
        assertThat(l.userId()).isEqualTo("alice");
        assertThat(l.version()).isEqualTo(3);
        assertThat(l.deviceIds()).containsExactlyInAnyOrder("d0", "d1");
        assertThat(l.device("d1").orElseThrow().identityKey()).isEqualTo(Base64.getDecoder().decode(key(1)));
        assertThat(l.device("d1").orElseThrow().name()).isEqualTo("device 1");
    }

    @Test
    void atMostFiveDevices() {
        assertThat(codeOf(list("alice", 1, 5))).isNull();
        assertThatThrownBy(() -> SignedDeviceList.parse("list", list("alice", 1, 6)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_DEVICES);
                    assertThat(e.getMessage()).contains("at most 5");
                });
    }

    @Test
    void malformedListsAreInvalid() {
        assertThat(codeOf("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(list("alice", 1, 0))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(list("alice", 0, 1))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(list("al#ice", 1, 1))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(new String(list("alice", 1, 1), StandardCharsets.UTF_8)
                .replace("chatline-device-list/1", "other/1").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(new String(list("alice", 1, 2), StandardCharsets.UTF_8).replace("\"d1\"", "\"d0\"")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(new String(list("alice", 1, 1), StandardCharsets.UTF_8).replace(key(0), "AAAA")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(new byte[SignedDeviceList.MAX_BYTES + 1])).isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
    }
}
