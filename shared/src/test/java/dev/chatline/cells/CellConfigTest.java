package dev.chatline.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.CellResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellConfigTest {
    private static CellConfig parse(Map<String, String> env) {
        return CellConfig.from(ChatConfig.of(env));
    }

    @Test
    void withoutACellNameTheDeploymentIsASingleCellAndPeersAreIgnored() {
        CellConfig config = parse(Map.of(CellResources.PEERS_ENV, "b=https://queue/b"));
        assertThat(config.isSingleCell()).isTrue();
        assertThat(config.relayUrls()).isEmpty();
        assertThatThrownBy(config::self).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CellResources.CELL_ENV);
    }

    @Test
    void peersAreParsedFromCommaSeparatedCellEqualsValueEntries() {
        CellConfig config = parse(Map.of(CellResources.CELL_ENV, "a",
                CellResources.PEERS_ENV, " b=https://sqs.example/1/chatline-x-b-relay.fifo , c=https://q/c,",
                CellResources.CALL_PEERS_ENV, "b=arn:aws:lambda:eu-west-1:1:function:chatline-x-b-cellCall"));
        assertThat(config.self()).isEqualTo("a");
        assertThat(config.relayUrl("b")).isEqualTo("https://sqs.example/1/chatline-x-b-relay.fifo");
        assertThat(config.relayUrl("c")).isEqualTo("https://q/c");
        assertThat(config.callArn("b")).isEqualTo("arn:aws:lambda:eu-west-1:1:function:chatline-x-b-cellCall");
        assertThatThrownBy(() -> config.callArn("c")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'c'").hasMessageContaining(CellResources.CALL_PEERS_ENV);
    }

    @Test
    void aCellWithoutPeersIsACellOfOne() {
        CellConfig config = parse(Map.of(CellResources.CELL_ENV, "solo"));
        assertThat(config.isSingleCell()).isFalse();
        assertThat(config.relayUrls()).isEmpty();
        assertThat(config.callArns()).isEmpty();
    }

    @Test
    void malformedRepeatedOrSelfNamingEntriesAreRefused() {
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "A"))).hasMessageContaining("cell name");
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "a", CellResources.PEERS_ENV, "b")))
                .hasMessageContaining("expected cell=value");
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "a", CellResources.PEERS_ENV, "b=")))
                .hasMessageContaining("expected cell=value");
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "a", CellResources.PEERS_ENV, "b=1,b=2")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "a", CellResources.PEERS_ENV, "a=1")))
                .hasMessageContaining("names itself");
        assertThatThrownBy(() -> parse(Map.of(CellResources.CELL_ENV, "a", CellResources.PEERS_ENV,
                "toolongacellname=1"))).hasMessageContaining("cell name");
    }
}
