package dev.chatline.messaging;

import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.receipts.ReceiptRequest;
import dev.chatline.send.SendMessageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class FrameValidationTest {
    private static final String UUID = "0b6f1e9c-8c1e-4d53-9d57-2c4d2f5e8a11";

    private static String send(String clientMsgId, String to, String body, String contentType) {
        var n = Json.object();
        n.put("action", "sendMessage");
        if (clientMsgId != null) {
            n.put("clientMsgId", clientMsgId);
        }
        n.put("to", to);
        n.put("body", body);
        if (contentType != null) {
            n.put("contentType", contentType);
        }
        return Json.write(n);
    }

    private static SendMessageRequest parse(String frame) {
        return SendMessageRequest.from(ProtocolJson.read(frame, SendMessage.class));
    }

    private static ReceiptRequest receipt(String frame) {
        return ReceiptRequest.from(ProtocolJson.read(frame, Receipt.class));
    }

    private static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no ProtocolException");
    }

    @Test
    void validSendMessageIsParsed() {
        SendMessageRequest r = parse(send(UUID, "bob", "hi", "text/plain"));
        assertThat(r).isEqualTo(SendMessageRequest.from(SendMessage.direct(UUID, "bob", "hi", "text/plain")));
    }

    @Test
    void contentTypesOfTheServersOwnPrefixAreRefusedInAnyCase() {
        for (String forged : List.of("chatline/system", "ChatLine/System", "chatline/anything")) {
            assertThatThrownBy(() -> parse(send(UUID, "bob", "{\"event\":\"removed\"}", forged)))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                        assertThat(e.getMessage()).contains("contentType", "reserved");
                    });
        }
        assertThat(parse(send(UUID, "bob", "x", "chatline-ish/text")).contentType())
                .isEqualTo("chatline-ish/text");
    }

    @Test
    void clientMsgIdMustBeAUuid() {
        assertThat(codeOf(() -> parse(send(null, "bob", "hi", null))))
                .isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(codeOf(() -> parse(send("not-a-uuid", "bob", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void recipientMustBeAnIdWithoutColon() {
        assertThat(codeOf(() -> parse(send(UUID, "a:b", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> parse(send(UUID, "bob smith", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void bodyAtTheLimitIsAcceptedAndOneByteMoreIsTooLarge() {
        String max = "x".repeat(SendMessageRequest.MAX_BODY_BYTES);
        assertThat(parse(send(UUID, "bob", max, null)).body()).hasSize(65536);
        assertThat(codeOf(() -> parse(send(UUID, "bob", max + "y", null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void bodySizeCountsMultiByteCharactersAndEscapes() {
        String euros = "€".repeat(SendMessageRequest.MAX_BODY_BYTES / 3 + 1); // 3 bytes each
        assertThat(codeOf(() -> parse(send(UUID, "bob", euros, null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
        String controls = "\u0001".repeat(SendMessageRequest.MAX_BODY_BYTES / 6 + 1); // escaped as \\u0001
        assertThat(codeOf(() -> parse(send(UUID, "bob", controls, null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void contentTypeIsLimitedTo64PrintableCharacters() {
        assertThat(codeOf(() -> parse(send(UUID, "bob", "hi", "x".repeat(65)))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> parse(send(UUID, "bob", "hi", "a\nb"))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(parse(send(UUID, "bob", "hi", "x".repeat(64))).contentType()).hasSize(64);
    }

    @Test
    void receiptNeedsAChatIdOneToHundredIdsAndAForwardStatus() {
        ReceiptRequest ok = receipt(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[\"m1\",\"m1\",\"m2\"],\"status\":\"read\"}");
        assertThat(ok.messageIds()).containsExactly("m1", "m2");
        assertThat(ok.status()).isEqualTo(MessageStatus.READ);
        assertThatThrownBy(() -> receipt(
                "{\"chatId\":\"d:bob:alice\",\"messageIds\":[\"m1\"],\"status\":\"read\"}"))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> receipt(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[\"m1\"],\"status\":\"sent\"}"))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> receipt(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[],\"status\":\"read\"}"))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        String many = Json.write(List.of(java.util.stream.IntStream.range(0, 101).mapToObj(i -> "m" + i).toArray()));
        assertThatThrownBy(() -> receipt(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":" + many + ",\"status\":\"read\"}"))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }
}
