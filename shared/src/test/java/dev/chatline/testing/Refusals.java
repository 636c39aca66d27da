package dev.chatline.testing;

import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;

/** Test-only: the error code a refused call throws. */
public final class Refusals {
    private Refusals() {
    }

    /** @throws AssertionError when the call is not refused with a {@link ProtocolException} */
    public static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no ProtocolException");
    }
}
