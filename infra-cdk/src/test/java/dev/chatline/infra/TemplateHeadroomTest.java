package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.schema.QueueShards;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CloudFormation rejects a template of more than {@value #CLOUDFORMATION_LIMIT} resources, and a stage only finds
 * out at {@code cdk deploy}. Every template of the largest stage ({@value QueueShards#MAX_SHARDS} fan-out shards,
 * production settings) keeps {@value #HEADROOM} resources free, so the next routes and functions fit; when this
 * fails, move a construct into a nested stack with room (docs/operations.md, "Stacks") rather than lowering it.
 */
class TemplateHeadroomTest {
    static final int CLOUDFORMATION_LIMIT = 500;
    static final int HEADROOM = 100;
    /** CloudFormation's limits on parameters and outputs per template, which cross-stack references consume. */
    private static final int PARAMETER_LIMIT = 200;
    private static final int OUTPUT_LIMIT = 200;

    @Test
    void everyTemplateOfTheLargestStageKeepsAHundredResourcesFree() {
        Synth.largest().templates().forEach((name, template) -> assertThat(section(template, "Resources"))
                .as("resources of the %s template at %d shards, production settings", name, QueueShards.MAX_SHARDS)
                .hasSizeLessThanOrEqualTo(CLOUDFORMATION_LIMIT - HEADROOM));
    }

    @Test
    void everyTemplateOfEveryVariantKeepsAHundredResourcesFree() {
        List<Synth.Synthesized> variants = new java.util.ArrayList<>(List.of(Synth.defaults(), Synth.production(),
                Synth.sharded()));
        variants.addAll(Synth.twoCells().cells());
        assertThat(section(Synth.twoCells().directoryJson(), "Resources")).as("the directory stack")
                .hasSizeLessThanOrEqualTo(CLOUDFORMATION_LIMIT - HEADROOM);
        for (Synth.Synthesized s : variants) {
            s.templates().forEach((name, template) -> assertThat(section(template, "Resources")).as(name)
                    .hasSizeLessThanOrEqualTo(CLOUDFORMATION_LIMIT - HEADROOM));
        }
    }

    @Test
    void crossStackReferencesStayWellWithinTheParameterAndOutputLimits() {
        Synth.largest().templates().forEach((name, template) -> {
            assertThat(section(template, "Parameters")).as("parameters of " + name)
                    .hasSizeLessThanOrEqualTo(PARAMETER_LIMIT / 2);
            assertThat(section(template, "Outputs")).as("outputs of " + name)
                    .hasSizeLessThanOrEqualTo(OUTPUT_LIMIT / 2);
        });
    }

    @Test
    void theStageIsARootStackAndItsTwoNestedStacks() {
        assertThat(Synth.defaults().templates().keySet()).containsExactly(Synth.ROOT, ChatlineStack.FUNCTIONS_STACK,
                ChatlineStack.MONITORING_STACK);
        assertThat(Synth.defaults().resources("AWS::CloudFormation::Stack")).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> template, String name) {
        return (Map<String, Object>) template.getOrDefault(name, Map.of());
    }
}
