package dev.chatline.auth;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class TokenPrimingTest {

    /** The built-in token must keep passing every check, or the priming stops before the claims are verified. */
    @Test
    void theBuiltInTokenPassesTheWholeVerification() {
        assertThatCode(() -> TokenPriming.prime(Clock.systemUTC())).doesNotThrowAnyException();
    }
}
