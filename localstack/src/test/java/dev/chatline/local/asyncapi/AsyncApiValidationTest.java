package dev.chatline.local.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml is a valid AsyncAPI document: tools/asyncapi/validate.sh runs the pinned AsyncAPI parser (the
 * library the AsyncAPI CLI's {@code validate} uses, with the same rule set) and checks every message example against
 * its payload schema; it installs the parser with {@code npm ci} on first use (needs Node.js and npm).
 */
@Tag("slow")
class AsyncApiValidationTest {
    private static final Path SCRIPT = Path.of("../tools/asyncapi/validate.sh");

    @Test
    void descriptionIsValidAsyncApiAndItsExamplesMatchTheirSchemas() throws IOException, InterruptedException {
        Path log = Files.createTempFile("asyncapi-validate", ".log");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), AsyncApiDocument.FILE.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(finished).as("validate.sh finished within 5 minutes:\n" + output).isTrue();
        assertThat(p.exitValue()).as("tools/asyncapi/validate.sh docs/asyncapi.yaml:\n" + output).isZero();
        assertThat(output).contains("valid AsyncAPI");
    }
}
