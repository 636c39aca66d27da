package dev.chatline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceRefTest {

    @Test
    void keyIsUserThenDevice() {
        assertThat(new DeviceRef("alice", "phone").key()).isEqualTo("alice#phone");
    }

    @Test
    void parseGivesBackTheDeviceItsKeyNames() {
        DeviceRef d = new DeviceRef("user@example.com", "d-1.2");
        assertThat(DeviceRef.parse(d.key())).isEqualTo(d);
    }

    @Test
    void idsWithTheSeparatorAreRejectedSoNoKeyIsAmbiguous() {
        assertThatThrownBy(() -> new DeviceRef("a#b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceRef("a", "b#c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceRef.parse("a#b#c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyOrMissingPartsAreRejected() {
        assertThatThrownBy(() -> new DeviceRef("", "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceRef("u", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceRef.parse("nodevice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceRef.parse("#d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceRef.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
