package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.messaging.ChatIds;
import dev.chatline.protocol.Acks;
import dev.chatline.send.SendForwarding;
import dev.chatline.protocol.SendMessage;
import java.util.Optional;

/**
 * Forwards a send whose chat lives in another cell to that cell's {@code cellCall} function and answers with its ack
 * (or throws its refusal). The home cell runs the same send service with the forwarded identity, so idempotency,
 * rate limits, the membership check and delivery are the home's. A direct chat's home is its lower user's cell; a
 * group's is the cell its id names ({@code GroupIds}; ids minted before cells stay local).
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
        if (message.isGroup()) {
            return router.remoteGroupHome(message.groupId()).map(home -> call(home, sender, message));
        }
        if (message.to() == null || message.to().equals(sender.userId())
                || !ChatIds.isDirectChatUser(sender.userId()) || !ChatIds.isDirectChatUser(message.to())) {
            // refused: answered by this cell as in a single cell
            return Optional.empty();
        }
        return router.remoteChatHome(ChatIds.direct(sender.userId(), message.to()))
                .map(home -> call(home, sender, message));
    }

    private Acks.SendMessageAck call(String home, Identity sender, SendMessage message) {
        return CellCall.Answer.fromJson(calls.call(home, CellCall.send(sender, message).toJson())).ackOrThrow();
    }
}
