package dev.chatline.client.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.devices.XEdDsa;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;

/** The server's JDK-only check ({@link XEdDsa}) accepts exactly what libsignal's account identity signs. */
class XEdDsaCompatibilityTest {
    @Test
    void theServerVerifiesLibsignalSignaturesAndRefusesAlteredOnes() {
        for (int i = 0; i < 50; i++) {
            IdentityKeyPair account = IdentityKeyPair.generate();
            byte[] list = ("device list " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = account.getPrivateKey().calculateSignature(list);
            byte[] publicKey = account.getPublicKey().serialize();
            assertThat(XEdDsa.verify(publicKey, list, signature)).isTrue();
            byte[] other = ("device list " + i + "!").getBytes(StandardCharsets.UTF_8);
            assertThat(XEdDsa.verify(publicKey, other, signature)).isFalse();
            assertThat(XEdDsa.verify(IdentityKeyPair.generate().getPublicKey().serialize(), list, signature))
                    .isFalse();
        }
    }

    @Test
    void aListSignedByTheClientIsReadBackAsSigned() {
        IdentityKeyPair device = IdentityKeyPair.generate();
        DeviceList list = new DeviceList("alice", 4, java.util.List.of(
                new DeviceList.Entry("phone", device.getPublicKey(), 12, "Phone", 1000)));
        DeviceList read = DeviceList.parse(list.toBytes());
        assertThat(read).isEqualTo(list); // IdentityKey compares by its bytes
        assertThat(read.with(new DeviceList.Entry("laptop", IdentityKeyPair.generate().getPublicKey(), 3, "L", 2))
                .devices()).extracting(DeviceList.Entry::deviceId).containsExactly("laptop", "phone");
        assertThat(read.without("phone").version()).isEqualTo(5);
    }
}
