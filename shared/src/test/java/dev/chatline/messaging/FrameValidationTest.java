package dev.chatline.messaging;

import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.receipts.ReceiptRequest;
import dev.chatline.send.SendMessageRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class FrameValidationTest {
    private static final String UUID = "0b6f1e9c-8c1e-4d53-9d57-2c4d2f5e8a11";

    private static ClientFrame send(String clientMsgId, String to, String body, String contentType) {
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
        return ClientFrame.parse(Json.write(n));
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
        SendMessageRequest r = SendMessageRequest.parse(send(UUID, "bob", "hi", "text/plain"));
        assertThat(r).isEqualTo(new SendMessageRequest(UUID, "bob", "hi", "text/plain"));
    }

    @Test
    void contentTypesOfTheServersOwnPrefixAreRefusedInAnyCase() {
        for (String forged : List.of("chatline/system", "ChatLine/System", "chatline/anything")) {
            assertThatThrownBy(() -> SendMessageRequest.parse(send(UUID, "bob", "{\"event\":\"removed\"}", forged)))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                        assertThat(e.getMessage()).contains("contentType", "reserved");
                    });
        }
        assertThat(SendMessageRequest.parse(send(UUID, "bob", "x", "chatline-ish/text")).contentType())
                .isEqualTo("chatline-ish/text");
    }

    @Test
    void clientMsgIdMustBeAUuid() {
        assertThat(codeOf(() -> SendMessageRequest.parse(send(null, "bob", "hi", null))))
                .isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(codeOf(() -> SendMessageRequest.parse(send("not-a-uuid", "bob", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void recipientMustBeAnIdWithoutColon() {
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "a:b", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob smith", "hi", null))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void bodyAtTheLimitIsAcceptedAndOneByteMoreIsTooLarge() {
        String max = "x".repeat(SendMessageRequest.MAX_BODY_BYTES);
        assertThat(SendMessageRequest.parse(send(UUID, "bob", max, null)).body()).hasSize(65536);
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob", max + "y", null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void bodySizeCountsMultiByteCharactersAndEscapes() {
        String euros = "€".repeat(SendMessageRequest.MAX_BODY_BYTES / 3 + 1); // 3 bytes each
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob", euros, null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
        String controls = "\u0001".repeat(SendMessageRequest.MAX_BODY_BYTES / 6 + 1); // escaped as \\u0001
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob", controls, null))))
                .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void contentTypeIsLimitedTo64PrintableCharacters() {
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob", "hi", "x".repeat(65)))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(codeOf(() -> SendMessageRequest.parse(send(UUID, "bob", "hi", "a\nb"))))
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(SendMessageRequest.parse(send(UUID, "bob", "hi", "x".repeat(64))).contentType()).hasSize(64);
    }

    @Test
    void receiptNeedsAChatIdOneToHundredIdsAndAForwardStatus() {
        ReceiptRequest ok = ReceiptRequest.parse(ClientFrame.parse(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[\"m1\",\"m1\",\"m2\"],\"status\":\"read\"}"));
        assertThat(ok.messageIds()).containsExactly("m1", "m2");
        assertThat(ok.status()).isEqualTo(MessageStatus.READ);
        assertThatThrownBy(() -> ReceiptRequest.parse(ClientFrame.parse(
                "{\"chatId\":\"d:bob:alice\",\"messageIds\":[\"m1\"],\"status\":\"read\"}")))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> ReceiptRequest.parse(ClientFrame.parse(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[\"m1\"],\"status\":\"sent\"}")))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> ReceiptRequest.parse(ClientFrame.parse(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":[],\"status\":\"read\"}")))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        String many = Json.write(List.of(java.util.stream.IntStream.range(0, 101).mapToObj(i -> "m" + i).toArray()));
        assertThatThrownBy(() -> ReceiptRequest.parse(ClientFrame.parse(
                "{\"chatId\":\"d:alice:bob\",\"messageIds\":" + many + ",\"status\":\"read\"}")))
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }
}
