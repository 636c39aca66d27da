package dev.chatline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every example of docs/asyncapi.yaml goes through the records: a client frame decodes into its record and encodes
 * back to the same JSON; a server frame likewise. So the records and the document describe the same fields.
 */
class AsyncApiExamplesTest {
    private static final Path FILE = Path.of("../docs/asyncapi.yaml");

    static Stream<Arguments> examples() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        JsonNode root = Json.MAPPER.valueToTree(new Yaml(options).load(Files.readString(FILE)));
        List<Arguments> out = new ArrayList<>();
        root.path("components").path("messages").fields().forEachRemaining(m -> {
            int i = 0;
            for (JsonNode example : m.getValue().path("examples")) {
                JsonNode payload = example.path("payload");
                if (payload.has("action") && !payload.has("type") || payload.has("type")) {
                    out.add(Arguments.of(m.getKey() + "#" + i, Json.write(payload)));
                }
                i++;
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleDecodesIntoItsRecordAndEncodesBackUnchanged(String name, String json) {
        JsonNode example = Json.read(json);
        String requestId = example.has("requestId") ? example.get("requestId").asText() : null;
        String encoded = example.has("type")
                ? ProtocolJson.encode(ProtocolJson.decodeFrame(json), requestId)
                : ProtocolJson.encode(ProtocolJson.decode(json).message(), requestId);
        assertThat(Json.read(encoded)).as(name).isEqualTo(example);
    }

    @Test
    void everyClientActionAndServerFrameHasAnExample() throws IOException {
        List<String> names = examples().map(a -> (String) a.get()[1]).toList();
        for (String action : ProtocolJson.actions()) {
            assertThat(names).as("an example of action " + action)
                    .anyMatch(j -> action.equals(Json.read(j).path("action").asText()) && !Json.read(j).has("type"));
        }
        for (String type : ProtocolJson.frameRecords().keySet()) {
            assertThat(names).as("an example of frame " + type).anyMatch(j -> type.equals(Json.read(j).path("type")
                    .asText()));
        }
    }
}
