package dev.chatline.protocol;

/**
 * A decoded client frame: its action's record and the envelope around it, the optional {@code requestId} that the
 * reply (or error) echoes.
 */
public record ClientRequest(String requestId, ClientMessage message) {
    public ClientRequest {
        Check.required("action", message);
    }
}
