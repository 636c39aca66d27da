package dev.chatline.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.schema.Tables;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --no-iam-check}: hosted functions may call anything, as before the check existed. */
class AccessCheckOffTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(LocalRuntimeExtension.defaults()
            .withFunctions(List.of(AccessCheckE2eTest.def("keysReader", new Access.Table(Tables.DEVICE_KEYS, false))))
            .withIamCheck(false));

    @Test
    void withTheCheckOffAFunctionMayWriteATableItWasGrantedReadOnly() {
        String result = RUNTIME.runtime().lambdaHost().invoke("keysReader",
                "{\"call\":\"putItem\",\"table\":\"device-keys\"}");

        assertThat(result).isEqualTo("{\"result\":\"ok\"}");
    }
}
