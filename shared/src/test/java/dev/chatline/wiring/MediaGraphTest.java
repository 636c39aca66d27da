package dev.chatline.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MediaGraphTest {

    @Test
    void theCloudFrontSigningKeyIsReadFromPkcs8Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThat(MediaGraph.privateKey(pem).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void aSecretThatIsNoKeyFailsWithoutQuotingTheSecret() {
        assertThatThrownBy(() -> MediaGraph.privateKey("{\"unconfigured\":true}"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("unconfigured");
    }
}
