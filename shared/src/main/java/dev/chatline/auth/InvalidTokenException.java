package dev.chatline.auth;

/** A token that fails verification. The message is a reason safe to log: it never contains the token. */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason);
    }
}
