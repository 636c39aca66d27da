package dev.chatline.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.TestKeys;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KeysUploadRequestTest {

    private static KeysUploadRequest parse(ObjectNode frame) {
        return KeysUploadRequest.from(ProtocolJson.read(frame.toString(), KeysUpload.class));
    }

    private static void refused(ErrorCode code, String field, Consumer<ObjectNode> change) {
        ObjectNode frame = TestKeys.upload(TestKeys.ecKey(), 1, 3);
        change.accept(frame);
        assertThatThrownBy(() -> parse(frame)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(field)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(code));
    }

    private static String bytes(int n, int type) {
        byte[] b = new byte[n];
        b[0] = (byte) type;
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void wellFormedUploadIsParsedWithEveryKey() {
        KeysUploadRequest r = parse(TestKeys.upload(TestKeys.ecKey(), 7, 3));
        assertThat(r.identity()).get().satisfies(k -> assertThat(k).hasSize(33));
        assertThat(r.signedPreKey().signature()).hasSize(64);
        assertThat(r.kyberLastResort().publicKey()).hasSize(1569);
        assertThat(r.preKeys()).extracting(PreKey::keyId).containsExactly(7, 8, 9);
        assertThat(r.preKeys()).allSatisfy(k -> assertThat(k.signature()).isNull());
        assertThat(r.kyberPreKeys()).allSatisfy(k -> assertThat(k.signature()).hasSize(64));
    }

    @Test
    void keysOfTheWrongSizeOrTypeAreInvalid() {
        refused(ErrorCode.INVALID_FIELD, "identityKey", f -> f.put("identityKey", bytes(32, 5)));
        refused(ErrorCode.INVALID_FIELD, "identityKey", f -> f.put("identityKey", bytes(33, 8)));
        refused(ErrorCode.INVALID_FIELD, "signedPreKey.publicKey",
                f -> ((ObjectNode) f.get("signedPreKey")).put("publicKey", bytes(1569, 8)));
        refused(ErrorCode.INVALID_FIELD, "kyberLastResort.publicKey",
                f -> ((ObjectNode) f.get("kyberLastResort")).put("publicKey", bytes(1568, 8)));
        refused(ErrorCode.INVALID_FIELD, "preKeys[0].publicKey",
                f -> ((ObjectNode) f.get("preKeys").get(0)).put("publicKey", "not base64!"));
        refused(ErrorCode.INVALID_FIELD, "kyberPreKeys[1].signature",
                f -> ((ObjectNode) f.get("kyberPreKeys").get(1)).put("signature", bytes(63, 0)));
    }

    @Test
    void signedKeysWithoutSignatureAreRefused() {
        refused(ErrorCode.MISSING_FIELD, "signedPreKey.signature",
                f -> ((ObjectNode) f.get("signedPreKey")).remove("signature"));
        refused(ErrorCode.MISSING_FIELD, "kyberLastResort.signature",
                f -> ((ObjectNode) f.get("kyberLastResort")).remove("signature"));
        refused(ErrorCode.MISSING_FIELD, "kyberPreKeys[0].signature",
                f -> ((ObjectNode) f.get("kyberPreKeys").get(0)).remove("signature"));
    }

    @Test
    void keyIdsMustBe24BitAndUniquePerList() {
        refused(ErrorCode.INVALID_FIELD, "preKeys[0].keyId",
                f -> ((ObjectNode) f.get("preKeys").get(0)).put("keyId", 1 << 24));
        refused(ErrorCode.INVALID_FIELD, "signedPreKey.keyId", f -> ((ObjectNode) f.get("signedPreKey")).put("keyId", -1));
        refused(ErrorCode.INVALID_FIELD, "preKeys", f -> ((ObjectNode) f.get("preKeys").get(1)).put("keyId", 1));
        refused(ErrorCode.MISSING_FIELD, "preKeys[2].keyId", f -> ((ObjectNode) f.get("preKeys").get(2)).remove("keyId"));
    }

    @Test
    void atMostOneHundredEcAndFortyKyberKeysPerUpload() {
        KeysUploadRequest full = parse(TestKeys.oneTimeOnly(0, 100, 40));
        assertThat(full.preKeys()).hasSize(100);
        assertThat(full.kyberPreKeys()).hasSize(40);
        assertThatThrownBy(() -> parse(TestKeys.oneTimeOnly(0, 101, 0))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'preKeys' must have at most 100");
        assertThatThrownBy(() -> parse(TestKeys.oneTimeOnly(0, 0, 41))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'kyberPreKeys' must have at most 40");
    }

    @Test
    void registrationIdIsBounded() {
        refused(ErrorCode.INVALID_FIELD, "registrationId", f -> f.put("registrationId", 0));
        refused(ErrorCode.INVALID_FIELD, "registrationId", f -> f.put("registrationId", 16381));
        refused(ErrorCode.INVALID_FIELD, "preKeys", f -> f.put("preKeys", "x"));
    }
}
