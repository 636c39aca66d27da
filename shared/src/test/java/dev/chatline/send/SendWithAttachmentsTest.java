package dev.chatline.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sendMessage} with {@code mediaIds}: the attachments seam runs once, before anything is stored. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendWithAttachmentsTest {
    private MessagingFixture f;
    private Identity alice;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "sendmedia", null, Map.of()));
        alice = f.device("alice", "phone");
        f.device("bob", "phone");
    }

    @AfterAll
    void close() {
        f.close();
    }

    private SendService sendService(MessageAttachments attachments) {
        return f.graph.sendService(attachments);
    }

    private static SendMessage withMedia(String... mediaIds) {
        return new SendMessage(UUID.randomUUID().toString(), "bob", null, "cGljdHVyZQ", null, List.of(),
                List.of(mediaIds));
    }

    /**
     * A send has no idempotency pre-read, so a retry checks its attachments again (recording a chat on a media row
     * is idempotent) before the transaction finds it is a retry; it still gets the original ack.
     */
    @Test
    void attachmentsAreCheckedForTheChatOnEveryAttemptAndARetryGetsTheOriginalAck() {
        List<String> calls = new ArrayList<>();
        SendService send = sendService((sender, chatId, ids) -> calls.add(sender.userId() + " " + chatId + " " + ids));
        SendMessage req = withMedia("m1", "m2");
        String first = ProtocolJson.encode(send.send(alice, req));
        assertThat(ProtocolJson.encode(send.send(alice, req))).isEqualTo(first);
        assertThat(calls).containsExactly("alice d:alice:bob [m1, m2]", "alice d:alice:bob [m1, m2]");
    }

    @Test
    void aRefusedAttachmentStoresNothing() {
        SendService send = sendService((sender, chatId, ids) -> {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not yours");
        });
        SendMessage req = withMedia("theirs");
        assertThatThrownBy(() -> ProtocolJson.encode(
                send.send(alice, req))).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(f.idempotency.get("alice", req.clientMsgId())).isEmpty();
    }
}
