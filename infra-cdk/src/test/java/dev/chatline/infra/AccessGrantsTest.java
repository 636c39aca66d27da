package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.schema.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.iam.PolicyStatement;

/** The generic access kinds (some unused by the catalog) map to narrow grants and the right variables. */
class AccessGrantsTest {
    private final ChatlineStack stack = Synth.defaults().stack();
    private final AccessGrants grants = new AccessGrants(stack.tables(), stack.messaging(), stack.media(),
            stack.gateway(), java.util.Optional.empty(), java.util.Optional.empty());

    @Test
    void bucketWriteAllowsGetAndPutOnTheBucketsObjectsOnly() {
        Map<?, ?> statement = only(grants.statements(new Access.Bucket(Resources.MEDIA, true)));
        assertThat(statement.get("Action")).isEqualTo(List.of("s3:GetObject", "s3:PutObject"));
        assertThat(statement.get("Resource").toString()).contains("MediaMediaBucket", "/*");
        assertThat(only(grants.statements(new Access.Bucket(Resources.MEDIA, false))).get("Action"))
                .isEqualTo("s3:GetObject");
        assertThat(grants.environment(new Access.Bucket(Resources.MEDIA, true)))
                .containsOnlyKeys(Resources.MEDIA.nameEnvVar());
    }

    @Test
    void publishingToTheEncryptedTopicAlsoAllowsItsKeyForDataKeys() {
        List<PolicyStatement> statements = grants.statements(new Access.PublishToTopic(Resources.PUSH_REQUESTS));
        assertThat(statements).hasSize(2);
        assertThat(resolve(statements.get(0)).get("Action")).isEqualTo("sns:Publish");
        assertThat(resolve(statements.get(1)).get("Action")).isEqualTo(List.of("kms:GenerateDataKey",
                "kms:Decrypt"));
        assertThat(resolve(statements.get(1)).get("Resource").toString()).contains("MessagingTopicKey");
        assertThat(grants.environment(new Access.PublishToTopic(Resources.PUSH_REQUESTS)))
                .containsOnlyKeys(Resources.PUSH_REQUESTS.arnEnvVar());
    }

    @Test
    void tablesNeedNoVariableBecauseNamesFollowTheStage() {
        assertThat(grants.environment(new Access.Table(dev.chatline.schema.Tables.MESSAGES, true))).isEmpty();
    }

    private Map<?, ?> only(List<PolicyStatement> statements) {
        assertThat(statements).hasSize(1);
        return resolve(statements.get(0));
    }

    private Map<?, ?> resolve(PolicyStatement statement) {
        return (Map<?, ?>) stack.resolve(statement.toStatementJson());
    }
}
