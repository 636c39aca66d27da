package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Match;

class FunctionsTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    @Test
    void everyCatalogFunctionRunsJava21OnArmWithSnapStartAndTracing() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            Map<String, Object> fn = function(def);
            assertThat(fn.get("Runtime")).as(def.name()).isEqualTo("java21");
            assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
            assertThat(fn.get("Handler")).isEqualTo(def.handler());
            assertThat(fn.get("MemorySize")).isEqualTo(def.memoryMb());
            assertThat(fn.get("Timeout")).isEqualTo((int) def.timeout().toSeconds());
            assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(fn.get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
            assertThat(fn.get("ReservedConcurrentExecutions")).as(def.name())
                    .isEqualTo(synth.stack().capacity().reservedConcurrency(def).orElse(null));
            assertThat(fn.get("LoggingConfig").toString()).contains("Functions" + DataTables.constructId(def.name())
                    + "Logs");
        }
    }

    @Test
    void everyFunctionIsDeployedFromTheArtifactTheCatalogNames() {
        Map<String, Artifact> artifactOfAsset = new HashMap<>();
        for (FunctionDef def : FunctionCatalog.ALL) {
            String key = ((Map<?, ?>) function(def).get("Code")).get("S3Key").toString();
            Artifact deployed = artifactOfAsset.computeIfAbsent(key, FunctionsTemplateTest::artifactStagedAs);
            assertThat(deployed).as(def.name()).isEqualTo(def.artifact());
        }
        // one asset per artifact: the functions of an artifact share it
        assertThat(artifactOfAsset.values()).containsExactlyInAnyOrder(FunctionCatalog.ALL.stream()
                .map(FunctionDef::artifact).distinct().toArray(Artifact[]::new));
    }

    /** The artifact whose jar the CDK staged as the asset with this S3 key ({@code asset.<key>} in cdk.out). */
    private static Artifact artifactStagedAs(String s3Key) {
        Path staged = Path.of(Stage.of(Synth.defaults().stack()).synth().getDirectory()).resolve("asset." + s3Key);
        String digest = sha256(staged);
        ChatlineSettings settings = Synth.defaults().stack().settings();
        return Arrays.stream(Artifact.values())
                .filter(a -> digest.equals(sha256(settings.requireArtifact(a))))
                .findFirst().orElseThrow(() -> new AssertionError(staged + " is none of the artifacts"));
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), md));
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + file, e);
        }
    }

    @Test
    void environmentCarriesStageJvmOptionsAndOnlyTheResourcesTheFunctionUses() {
        Map<String, Object> send = env(FunctionCatalog.SEND_MESSAGE);
        assertThat(send).containsEntry("CHATLINE_STAGE", "prod")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
                .containsKey("CHATLINE_FANOUT_QUEUE_URL")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "sendMessage")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Chatline")
                // the send posts to live connections itself and publishes push requests
                .containsKeys("CHATLINE_CONNECTIONS_ENDPOINT", "CHATLINE_PUSH_TOPIC_ARN")
                .doesNotContainKey("CHATLINE_JWKS_URL");
        assertThat(env(FunctionCatalog.HISTORY)).doesNotContainKeys("CHATLINE_CONNECTIONS_ENDPOINT",
                "CHATLINE_FANOUT_QUEUE_URL", "CHATLINE_PUSH_TOPIC_ARN");
        Map<String, Object> fanout = env(FunctionCatalog.FANOUT);
        assertThat(fanout).containsKeys("CHATLINE_CONNECTIONS_ENDPOINT", "CHATLINE_PUSH_TOPIC_ARN");
        assertThat(fanout.get("CHATLINE_CONNECTIONS_ENDPOINT").toString())
                .contains("https://", ".execute-api.", "/prod");
        assertThat(env(FunctionCatalog.AUTHORIZER)).containsKeys("CHATLINE_JWKS_URL", "CHATLINE_JWT_ISSUER",
                "CHATLINE_JWT_AUDIENCE");
        assertThat(env(FunctionCatalog.AUTHORIZER).get("CHATLINE_JWKS_URL").toString())
                .contains("AuthUserPool", "ProviderURL", "/.well-known/jwks.json");
    }

    @Test
    void externalIssuerSettingsReachTheAuthorizer() {
        Map<String, Object> fn = props(Synth.production().resources("AWS::Lambda::Function").values().stream()
                .filter(r -> FunctionCatalog.AUTHORIZER.handler().equals(props(r).get("Handler")))
                .findFirst().orElseThrow());
        assertThat(((Map<?, ?>) fn.get("Environment")).get("Variables")).isEqualTo(Map.of(
                "CHATLINE_STAGE", "live", "CHATLINE_MESSAGE_RETENTION_DAYS", "30",
                "JAVA_TOOL_OPTIONS", Functions.JAVA_TOOL_OPTIONS,
                "POWERTOOLS_SERVICE_NAME", "authorizer", "POWERTOOLS_METRICS_NAMESPACE", "Chatline",
                "CHATLINE_JWKS_URL", "https://issuer.example.com/.well-known/jwks.json",
                "CHATLINE_JWT_ISSUER", "https://issuer.example.com",
                "CHATLINE_JWT_AUDIENCE", "chatline-app"));
    }

    @Test
    void everyFunctionHasALiveAliasOnAPublishedVersion() {
        synth.template().resourceCountIs("AWS::Lambda::Alias", FunctionCatalog.ALL.size());
        synth.template().resourceCountIs("AWS::Lambda::Version", FunctionCatalog.ALL.size());
        synth.template().allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(".*CurrentVersion.*"),
                        "Version"))));
    }

    @Test
    void queueTriggerReportsBatchItemFailuresWithTheCatalogBatchSizeOnTheAlias() {
        List<FunctionDef> queueFunctions = FunctionCatalog.ALL.stream()
                .filter(d -> d.trigger() instanceof Trigger.Queue).toList();
        Map<String, Map<String, Object>> mappings = synth.resources("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).hasSize(queueFunctions.size());
        for (FunctionDef def : queueFunctions) {
            Trigger.Queue trigger = (Trigger.Queue) def.trigger();
            String alias = "Functions" + DataTables.constructId(def.name()) + "Alias";
            Map<String, Object> mapping = mappings.values().stream().map(DataTablesTemplateTest::props)
                    .filter(p -> p.get("FunctionName").toString().contains(alias)).findFirst().orElseThrow();
            assertThat(mapping.get("FunctionName").toString()).contains(":live");
            assertThat(mapping.get("BatchSize")).isEqualTo(trigger.batchSize());
            assertThat(mapping.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            assertThat(mapping.get("EventSourceArn").toString()).contains("Messaging"
                    + DataTables.constructId(trigger.queue().logicalName()) + "Queue");
        }
    }

    @Test
    void topicTriggersAreSubscribedGenerically() {
        long topicFunctions = FunctionCatalog.ALL.stream().filter(d -> d.trigger() instanceof Trigger.Topic)
                .count();
        // The alarm e-mail is only subscribed when configured (not in the defaults).
        synth.template().resourceCountIs("AWS::SNS::Subscription", (int) topicFunctions);
        Synth.production().template().resourcePropertiesCountIs("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "oncall@example.com"), 1);
    }

    @Test
    void logGroupsAreCreatedWithRetention() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            synth.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", "/aws/lambda/chatline-prod-" + def.name(), "RetentionInDays", 30));
        }
    }

    private Map<String, Object> function(FunctionDef def) {
        return props(synth.resources("AWS::Lambda::Function").values().stream()
                .filter(r -> ("chatline-prod-" + def.name()).equals(props(r).get("FunctionName")))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + def.name())));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> env(FunctionDef def) {
        return (Map<String, Object>) ((Map<String, Object>) function(def).get("Environment")).get("Variables");
    }
}
