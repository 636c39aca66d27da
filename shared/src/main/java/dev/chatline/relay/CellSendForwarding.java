package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.Acks;
import dev.chatline.send.SendForwarding;
import dev.chatline.protocol.SendMessage;
import java.util.Optional;

/**
 * Forwards a direct-chat send whose chat lives in another cell to that cell's {@code cellCall} function and answers
 * with its ack (or throws its refusal). The home cell runs the same send service with the forwarded identity, so
 * idempotency, rate limits and delivery are the home's. Group sends are never forwarded (a group lives in the cell
 * that serves it: groups spanning cells are not built yet).
 */
public final class CellSendForwarding implements SendForwarding {
    private final CellRouter router;
    private final CellCalls calls;

    public CellSendForwarding(CellRouter router, CellCalls calls) {
        this.router = router;
        this.calls = calls;
    }

    @Override
    public Optional<Acks.SendMessageAck> forward(Identity sender, SendMessage message) {
        if (message.isGroup() || message.to() == null || message.to().equals(sender.userId())
                || !ChatIds.isDirectChatUser(sender.userId()) || !ChatIds.isDirectChatUser(message.to())) {
            // refused (or a group): answered by this cell as in a single cell
            return Optional.empty();
        }
        return router.remoteChatHome(ChatIds.direct(sender.userId(), message.to())).map(home ->
                CellCall.Answer.fromJson(calls.call(home, CellCall.send(sender, message).toJson())).ackOrThrow());
    }
}
