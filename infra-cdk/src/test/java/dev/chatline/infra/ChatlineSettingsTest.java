package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.functions.catalog.Artifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatlineSettingsTest {

    @Test
    void cdkJsonDefaultsGiveStageProdOutsideProductionWithCognito() {
        ChatlineSettings settings = ChatlineSettings.fromContext(Synth.app(Map.of()).getNode());
        assertThat(settings.stage()).isEqualTo("prod");
        assertThat(settings.production()).isFalse();
        assertThat(settings.externalJwt()).isEmpty();
        assertThat(settings.functionsArtifacts()).isEqualTo(Path.of(ChatlineSettings.DEFAULT_FUNCTIONS_ARTIFACTS));
        assertThat(settings.throttle()).isEqualTo(new ChatlineSettings.Throttle(10_000, 5_000));
        assertThat(settings.lambdaConcurrency()).isEqualTo(1_000);
        assertThat(settings.warmThroughput()).isEmpty();
        assertThat(settings.mediaCorsOrigins()).containsExactly("*");
        assertThat(settings.alarmEmail()).isEmpty();
        assertThat(settings.name("messages")).isEqualTo("chatline-prod-messages");
    }

    /** cdk.json names no cells: one stack; a cell's settings are the same but for its stage and placement. */
    @Test
    void cellsAreAbsentByDefaultAndACellsSettingsDifferOnlyInStageAndPlacement() {
        software.amazon.awscdk.App single = Synth.app(Map.of());
        ChatlineSettings settings = ChatlineSettings.fromContext(single.getNode());
        assertThat(ChatlineSettings.cellsFromContext(single.getNode(), settings)).isEmpty();
        assertThat(settings.cell()).isEmpty();
        software.amazon.awscdk.App cells = Synth.app(Map.of(CellTopology.CONTEXT_KEY, Synth.TWO_CELLS));
        CellTopology topology = ChatlineSettings.cellsFromContext(cells.getNode(), settings).orElseThrow();
        ChatlineSettings b = settings.forCell(topology, topology.cell("b"));
        assertThat(b.stage()).isEqualTo("prod-b");
        assertThat(b.name("messages")).isEqualTo("chatline-prod-b-messages");
        assertThat(b.cell()).contains(new ChatlineSettings.CellPlacement(topology, topology.cell("b")));
        assertThatThrownBy(() -> b.forCell(topology, topology.cell("a"))).hasMessageContaining("already");
        assertThat(new ChatlineSettings(b.stage(), settings.production(), settings.functionsArtifacts(),
                settings.externalJwt(), settings.throttle(), settings.logRetentionDays(), settings.alarmEmail(),
                settings.mediaCorsOrigins(), settings.mediaSigning(), settings.lambdaConcurrency(),
                settings.warmThroughput(), settings.limits(), settings.fanoutShards(), b.cell())).isEqualTo(b);
    }

    @Test
    void commandLineContextValuesAreStrings() {
        ChatlineSettings settings = ChatlineSettings.fromContext(Synth.app(Map.of("stage", "dev",
                "production", "true", "throttleRateLimit", "250", "throttleBurstLimit", "100",
                "logRetentionDays", "90", "mediaCorsOrigins", "https://a.example, https://b.example")).getNode());
        assertThat(settings.stage()).isEqualTo("dev");
        assertThat(settings.production()).isTrue();
        assertThat(settings.throttle()).isEqualTo(new ChatlineSettings.Throttle(250, 100));
        assertThat(settings.logRetentionDays()).isEqualTo(90);
        assertThat(settings.mediaCorsOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void limitsOverrideOnlyLimitSettingsWithPositiveIntegers() {
        ChatlineSettings settings = ChatlineSettings.fromContext(Synth.app(Map.of("limits",
                "CHATLINE_RECEIPT_RATE_PERMITS=2000, CHATLINE_MEDIA_DAILY_BYTES=4294967296,"
                        + "CHATLINE_GROUP_CREATE_RATE_WINDOW_SECONDS=86400")).getNode());
        assertThat(settings.limits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "CHATLINE_RECEIPT_RATE_PERMITS", "2000", "CHATLINE_MEDIA_DAILY_BYTES", "4294967296",
                "CHATLINE_GROUP_CREATE_RATE_WINDOW_SECONDS", "86400"));
        assertThat(ChatlineSettings.fromContext(Synth.app(Map.of()).getNode()).limits()).isEmpty();
        for (String bad : new String[] {"CHATLINE_STAGE=evil", "CHATLINE_RECEIPT_RATE_PERMITS=0",
                "CHATLINE_RECEIPT_RATE_PERMITS=lots", "CHATLINE_RECEIPT_RATE_PERMITS"}) {
            assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("limits", bad)).getNode()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limits");
        }
    }

    @Test
    void fanoutShardsDefaultToOneAndStayWithinTheStacksBound() {
        assertThat(ChatlineSettings.fromContext(Synth.app(Map.of()).getNode()).fanoutShards()).isEqualTo(1);
        assertThat(ChatlineSettings.fromContext(Synth.app(Map.of("fanoutShards", "8")).getNode()).fanoutShards())
                .isEqualTo(8).isEqualTo(dev.chatline.schema.QueueShards.MAX_SHARDS);
        for (String bad : List.of("0", "9")) {
            assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("fanoutShards", bad)).getNode()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanoutShards must be 1..8");
        }
    }

    @Test
    void missingArtifactFailsWithTheBuildCommand() {
        ChatlineSettings settings = ChatlineSettings.fromContext(Synth.app(Map.of("functionsArtifacts",
                "target/does-not-exist")).getNode());
        assertThatThrownBy(() -> settings.requireArtifact(Artifact.PUSH)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl functions -am package -DskipTests")
                .hasMessageContaining("does-not-exist/chatline-push.jar");
    }

    @Test
    void theSingleJarSettingOfEarlierVersionsIsRejectedWithItsReplacement() {
        assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("functionsJar",
                "../functions/target/functions-0.1.0-SNAPSHOT-lambda.jar")).getNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("functionsArtifacts");
    }

    @Test
    void externalIssuerNeedsAllThreeValues() {
        assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("jwksUrl",
                "https://issuer.example.com/jwks.json")).getNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwtIssuer");
    }

    @Test
    void mediaSigningNeedsThePublicKeyAndTheSecretTogether() {
        assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("mediaSigningPublicKey",
                Synth.MEDIA_SIGNING_PUBLIC_KEY)).getNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mediaSigningKeySecretArn");
        assertThat(ChatlineSettings.fromContext(Synth.app(Map.of()).getNode()).mediaSigning()).isEmpty();
    }

    @Test
    void invalidStageOrRetentionIsRejected() {
        assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("stage", "Prod_1")).getNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage");
        assertThatThrownBy(() -> ChatlineSettings.fromContext(Synth.app(Map.of("logRetentionDays", "31"))
                .getNode())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logRetentionDays");
    }
}
