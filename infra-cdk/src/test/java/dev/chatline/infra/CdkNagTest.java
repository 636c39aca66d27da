package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AWS Solutions pack finds nothing unsuppressed; the templates land in target/cdk.out for cfn-lint. */
class CdkNagTest {

    @Test
    void defaultStackHasNoUnsuppressedNagErrorsOrWarnings() {
        assertNoFindings(Synth.defaults());
    }

    @Test
    void productionStackWithExternalIssuerHasNoUnsuppressedNagErrorsOrWarnings() {
        assertNoFindings(Synth.production());
    }

    @Test
    void shardedStackHasNoUnsuppressedNagErrorsOrWarnings() {
        assertNoFindings(Synth.sharded());
    }

    @Test
    void twoCellDeploymentHasNoUnsuppressedNagErrorsOrWarnings() {
        Synth.Cells cells = Synth.twoCells();
        assertNoFindings(cells.directoryAnnotations());
        cells.cells().forEach(CdkNagTest::assertNoFindings);
    }

    /** The checks reach the nested stacks' resources, and their findings the annotations the tests above read. */
    @Test
    void findingsInANestedStackAreReportedOnTheRootStack() {
        App app = new App();
        Stack root = new Stack(app, "Root");
        NestedStack nested = new NestedStack(root, "Nested");
        new CfnQueue(nested, "QueueWithoutDeadLetterQueueOrTls");
        ChatlineApp.checkWithNag(app);
        List<SynthesisMessage> errors = Annotations.fromStack(root).findError("*",
                Match.stringLikeRegexp("AwsSolutions-SQS3.*"));
        assertThat(errors).extracting(m -> m.getId()).singleElement().asString().startsWith("/Root/Nested/");
    }

    @Test
    void suppressionsCarryAReason() {
        Object resources = Synth.defaults().json().get("Resources");
        ((Map<?, ?>) resources).values().forEach(r -> {
            Object metadata = ((Map<?, ?>) r).get("Metadata");
            if (metadata instanceof Map<?, ?> m && m.get("cdk_nag") instanceof Map<?, ?> nag) {
                for (Object rule : (List<?>) nag.get("rules_to_suppress")) {
                    assertThat(((Map<?, ?>) rule).get("reason").toString()).hasSizeGreaterThan(40);
                }
            }
        });
    }

    @Test
    void templatesAreWrittenForCfnLint() throws Exception {
        Synth.Cells cells = Synth.twoCells();
        assertThat(Synth.CDK_OUT.resolve(cells.directory().getStackName() + "-cells.template.json")).exists();
        List<Synth.Synthesized> variants = new java.util.ArrayList<>(List.of(Synth.defaults(), Synth.production(),
                Synth.sharded()));
        variants.addAll(cells.cells());
        for (Synth.Synthesized s : variants) {
            assertThat(s.templateFile()).exists().startsWith(Synth.CDK_OUT);
            assertThat(Files.readString(s.templateFile())).contains("AWS::ApiGatewayV2::Api");
            for (String nested : List.of(ChatlineStack.FUNCTIONS_STACK, ChatlineStack.MONITORING_STACK)) {
                Path file = Path.of(s.templateFile().toString().replace(".template.json",
                        "." + nested + ".template.json"));
                assertThat(file).as("the nested template cfn-lint lints too").exists();
                assertThat(Synth.JSON.readValue(file.toFile(), Map.class)).isEqualTo(s.templates().get(nested));
            }
        }
    }

    private static void assertNoFindings(Synth.Synthesized s) {
        assertNoFindings(s.annotations());
    }

    private static void assertNoFindings(Annotations annotations) {
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*",
                Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        assertThat(warnings).extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
        // Other warnings (CDK's own) would hint at a misconfiguration too.
        assertThat(annotations.findWarning("*", Match.anyValue()))
                .extracting(m -> m.getId() + " " + m.getEntry().getData()).isEmpty();
    }
}
