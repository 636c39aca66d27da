package dev.chatline.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChatlineLocalOptionsTest {

    @Test
    void theIamCheckIsOnUnlessNoIamCheckIsGiven() {
        assertThat(parse().iamCheck()).isTrue();
        assertThat(parse("--iam-check").iamCheck()).isTrue();
        assertThat(parse("--no-iam-check").iamCheck()).isFalse();
    }

    @Test
    void stagePortAndRegionReachTheRuntimeOptions() {
        RuntimeOptions options = parse("--stage", "dev", "--port", "9000", "--region", "eu-west-1");

        assertThat(options.stage()).isEqualTo("dev");
        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.region()).isEqualTo("eu-west-1");
    }

    @Test
    void withoutCellsTheRuntimeIsOneDeploymentAndCellsListsThem() {
        assertThat(parse().cells()).isEmpty();
        assertThat(parse("--cells", "a,b").cells()).containsExactly("a", "b");
    }

    @Test
    void aCellNameMustBeShortLowercaseAndDistinct() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--cells", "A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a-z0-9]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--cells", "a,a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }

    private static RuntimeOptions parse(String... args) {
        ChatlineLocal.Common common = new ChatlineLocal.Common();
        new CommandLine(common).parseArgs(args);
        return common.options();
    }
}
