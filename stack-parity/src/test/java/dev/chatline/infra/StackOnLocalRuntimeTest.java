package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.iam.AccessPolicy;
import dev.chatline.local.lambda.FunctionInitException;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.protocol.Json;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployed stack's faults that show at deploy time, caught on the local runtime with the synthesized template:
 * SnapStart constructs every handler when CloudFormation publishes its version, with the environment the template
 * gives the function (placeholders included); each function is given the resource keys its catalog entry declares
 * (what the local runtime gives it); and each function's role allows exactly what the local IAM check allows.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StackOnLocalRuntimeTest {
    private static final String STAGE = "prod"; // the stage of the default synthesis (cdk.json)
    /** Not calls of the function's code: Lambda writes the logs and traces, SNS/SQS use the KMS key. */
    private static final List<String> NOT_CALLED_BY_CODE = List.of("logs", "xray", "kms");
    /** The default synthesis configures no CloudFront signing, so read-only media access gets no signing keys. */
    private static final List<String> NO_MEDIA_SIGNING = List.of(ChatConfig.MEDIA_CDN_DOMAIN,
            ChatConfig.MEDIA_CDN_KEY_ID, ChatConfig.MEDIA_CDN_KEY_SECRET_ARN);
    LocalRuntime runtime;
    private String placeholder;
    Map<String, Map<String, String>> environments;

    /** The synthesized variant under test (cdk.json's defaults). */
    Synth.Synthesized synth() {
        return Synth.defaults();
    }

    /** The local runtime to compare it with (the same settings as the variant). */
    RuntimeOptions options() {
        return RuntimeOptions.defaults().withStage(STAGE).withPort(0);
    }

    @BeforeAll
    void start(MotoServer moto) {
        Synth.Synthesized synth = synth();
        runtime = LocalRuntime.start(options(), AwsBackend.endpoint(moto.endpoint()));
        placeholder = placeholderLike(synth);
        String secretArn;
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("test", "test"))).build()) {
            secretArn = secrets.createSecret(b -> b.name("chatline-prod-firebase-service-account")
                    .secretString(placeholder)).arn();
        }
        environments = new LocalReferences(synth, runtime, secretArn).functionEnvironments();
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyHandlerIsConstructedWithTheEnvironmentTheStackGivesIt() {
        assertThat(environments.keySet()).containsExactlyInAnyOrderElementsOf(
                FunctionCatalog.ALL.stream().map(FunctionDef::name).toList());
        assertThat(environments.get("push")).containsKey(ChatConfig.FIREBASE_SECRET_ARN)
                .doesNotContainKey(ChatConfig.FCM_ENDPOINT);
        assertThat(placeholder).contains("\"unconfigured\":true");

        try (LambdaHost host = runtime.hostWithEnvironments(FunctionCatalog.ALL, environments)) {
            assertThatCode(host::publishAll).doesNotThrowAnyException();
        }
    }

    /** What the local runtime withholds from a function is what the stack does not give it. */
    @Test
    void eachFunctionIsGivenTheResourceKeysItsCatalogEntryDeclares() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            Set<String> given = new TreeSet<>(environments.get(def.name()).keySet());
            given.retainAll(FunctionCatalog.RESOURCE_VARIABLES);
            Set<String> declared = new TreeSet<>(def.resourceVariables());
            declared.removeAll(NO_MEDIA_SIGNING);

            assertThat(given).as(def.name()).isEqualTo(declared);
        }
    }

    @Test
    void aHandlerReadingThePlaceholderSecretInItsConstructorFailsStartUpNamingTheFunction() {
        List<FunctionDef> oldPush = FunctionCatalog.ALL.stream().map(def -> def != FunctionCatalog.PUSH ? def
                : new FunctionDef(def.name(), EagerFirebaseSecretHandler.class.getName(), def.artifact(), def.memoryMb(),
                        def.timeout(), def.trigger(), def.access())).toList();

        try (LambdaHost host = runtime.hostWithEnvironments(oldPush, environments)) {
            assertThatThrownBy(host::publishAll)
                    .isInstanceOfSatisfying(FunctionInitException.class,
                            e -> assertThat(e.functionName()).isEqualTo("push"))
                    .hasMessageContaining("function push cannot be published")
                    .hasMessageContaining("the Firebase secret is not a service-account JSON");
        }
    }

    @Test
    void eachFunctionMayMakeExactlyTheCallsItsRoleAllows() {
        LocalReferences references = new LocalReferences(synth(), runtime, environments.get("push")
                .get(ChatConfig.FIREBASE_SECRET_ARN));
        for (FunctionDef def : FunctionCatalog.ALL) {
            AccessPolicy local = AccessPolicy.of(def, runtime.resources(), ChatConfig.of(environments.get(def.name())));

            assertThat(local.permissions()).as(def.name())
                    .containsExactlyInAnyOrderElementsOf(references.rolePermissions(def.name(), NOT_CALLED_BY_CODE));
        }
    }

    /** What the stack's secret holds until an operator puts a key: its template plus a generated placeholder. */
    private static String placeholderLike(Synth.Synthesized synth) {
        Map<String, Object> secret = synth.resources("AWS::SecretsManager::Secret").values().iterator().next();
        Map<?, ?> generate = (Map<?, ?>) ((Map<?, ?>) secret.get("Properties")).get("GenerateSecretString");
        ObjectNode value = (ObjectNode) Json.read((String) generate.get("SecretStringTemplate"));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        value.put((String) generate.get("GenerateStringKey"), HexFormat.of().formatHex(random));
        return value.toString();
    }
}
