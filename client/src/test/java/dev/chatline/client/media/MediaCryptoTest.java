package dev.chatline.client.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.client.media.MediaCrypto.MediaIntegrityException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MediaCryptoTest {
    private final byte[] photo = "a picture of a cat, honestly".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void encryptedMediaDecryptsWithItsKeyAndDigest() throws Exception {
        MediaCrypto.Encrypted e = MediaCrypto.encrypt(photo);

        assertThat(e.key()).hasSize(32);
        assertThat(new String(e.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("cat");
        assertThat(e.sha256()).isEqualTo(MediaCrypto.sha256(e.ciphertext()));
        assertThat(MediaCrypto.decrypt(e.ciphertext(), e.key(), e.sha256())).isEqualTo(photo);
    }

    @Test
    void everyFileGetsAFreshKeyAndNonce() {
        MediaCrypto.Encrypted a = MediaCrypto.encrypt(photo);
        MediaCrypto.Encrypted b = MediaCrypto.encrypt(photo);

        assertThat(a.key()).isNotEqualTo(b.key());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void changedBytesFailTheDigestCheck() {
        MediaCrypto.Encrypted e = MediaCrypto.encrypt(photo);
        byte[] changed = e.ciphertext().clone();
        changed[20] ^= 1;

        assertThatThrownBy(() -> MediaCrypto.decrypt(changed, e.key(), e.sha256()))
                .isInstanceOf(MediaIntegrityException.class).hasMessageContaining("digest");
    }

    @Test
    void changedBytesWithAMatchingDigestOrAWrongKeyFailAuthentication() {
        MediaCrypto.Encrypted e = MediaCrypto.encrypt(photo);
        byte[] changed = e.ciphertext().clone();
        changed[20] ^= 1;
        byte[] wrongKey = e.key().clone();
        wrongKey[0] ^= 1;

        assertThatThrownBy(() -> MediaCrypto.decrypt(changed, e.key(), MediaCrypto.sha256(changed)))
                .isInstanceOf(MediaIntegrityException.class).hasMessageContaining("authentication");
        assertThatThrownBy(() -> MediaCrypto.decrypt(e.ciphertext(), wrongKey, e.sha256()))
                .isInstanceOf(MediaIntegrityException.class).hasMessageContaining("authentication");
    }
}
