package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Resources that hold data or identity stay in the root stack under the logical ids they had when the stage was one
 * template: CloudFormation replaces a resource whose logical id changes (a new, empty table), or fails on its fixed
 * name. Nested stacks hold only what can be recreated (docs/operations.md, "Stacks").
 */
class StatefulResourcesTemplateTest {
    /** Types whose replacement loses data, identity or subscribers. */
    private static final Set<String> STATEFUL = Set.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket",
            "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::KMS::Key", "AWS::SNS::Topic",
            "AWS::SecretsManager::Secret", "AWS::CloudFront::Distribution", "AWS::ApiGatewayV2::Api");
    /** Logical ids of the single-template stage (defaults), one per kind: each must still be in the root. */
    private static final List<String> BEFORE_THE_SPLIT = List.of("TablesMessages5F3A57D1", "TablesInbox9AB2A288",
            "MessagingFanoutQueueF01DBB29", "MessagingFanoutDeadLetterQueue113AB5C0", "MessagingTopicKey2A777CD5",
            "MessagingPushRequestsTopic041D614E", "MonitoringAlarmTopicAF62D4F1", "MediaMediaBucket84A4FA0D",
            "MediaAccessLogBucket06DFAA64", "MediaMediaDistributionDC84612C", "AuthUserPool8115E87F",
            "AuthUserPoolAppClient1D18298A", "AuthFirebaseServiceAccountB81F97BF", "WebSocketApi273F6915");

    @Test
    void everyStatefulResourceIsInTheRootStack() {
        for (Synth.Synthesized s : List.of(Synth.defaults(), Synth.production(), Synth.largest())) {
            s.templates().forEach((name, template) -> {
                if (!Synth.ROOT.equals(name)) {
                    assertThat(resources(template).values()).as(name)
                            .noneMatch(r -> STATEFUL.contains(((Map<?, ?>) r).get("Type")));
                }
            });
        }
    }

    @Test
    void statefulResourcesKeepTheirLogicalIdsFromTheSingleTemplate() {
        Map<String, Object> root = resources(Synth.defaults().templates().get(Synth.ROOT));
        assertThat(root).containsKeys(BEFORE_THE_SPLIT.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(Map<String, Object> template) {
        return (Map<String, Object>) template.get("Resources");
    }
}
