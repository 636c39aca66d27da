package dev.chatline.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class XEdDsaTest {
    private static final byte[] MESSAGE = "a device list".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureByTheKeyVerifies() {
        for (int i = 0; i < 20; i++) { // both sign bits occur
            TestAccountKey key = new TestAccountKey();
            assertThat(XEdDsa.verify(key.publicKey(), MESSAGE, key.sign(MESSAGE))).isTrue();
            assertThat(XEdDsa.verify(Arrays.copyOfRange(key.publicKey(), 1, 33), MESSAGE, key.sign(MESSAGE))).isTrue();
        }
    }

    @Test
    void anotherMessageAnotherKeyOrAnAlteredSignatureDoesNotVerify() {
        TestAccountKey key = new TestAccountKey();
        byte[] signature = key.sign(MESSAGE);
        assertThat(XEdDsa.verify(key.publicKey(), "another list".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(XEdDsa.verify(new TestAccountKey().publicKey(), MESSAGE, signature)).isFalse();
        byte[] flipped = signature.clone();
        flipped[63] ^= (byte) 0x80; // the other sign bit: the other Edwards point
        assertThat(XEdDsa.verify(key.publicKey(), MESSAGE, flipped)).isFalse();
        byte[] altered = signature.clone();
        altered[5] ^= 1;
        assertThat(XEdDsa.verify(key.publicKey(), MESSAGE, altered)).isFalse();
    }

    @Test
    void malformedKeysAndSignaturesAreFalseNotErrors() {
        TestAccountKey key = new TestAccountKey();
        byte[] signature = key.sign(MESSAGE);
        assertThat(XEdDsa.verify(null, MESSAGE, signature)).isFalse();
        assertThat(XEdDsa.verify(new byte[31], MESSAGE, signature)).isFalse();
        byte[] wrongType = key.publicKey();
        wrongType[0] = 0x08;
        assertThat(XEdDsa.verify(wrongType, MESSAGE, signature)).isFalse();
        assertThat(XEdDsa.verify(key.publicKey(), MESSAGE, new byte[63])).isFalse();
        assertThat(XEdDsa.verify(key.publicKey(), MESSAGE, null)).isFalse();
    }
}
