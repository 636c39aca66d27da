package dev.chatline.local.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Resources;
import dev.chatline.schema.Tables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IAM check with real hosted functions ({@link AwsCallHandler}) on the local runtime: each kind of call a
 * function's role would not allow on AWS fails with the service's access-denied exception naming the function and
 * the grant to add; granted calls go through; calls from the function's worker threads are attributed to it.
 */
class AccessCheckE2eTest {
    static final List<FunctionDef> FUNCTIONS = List.of(
            def("keysReader", new Access.Table(Tables.DEVICE_KEYS, false)),
            def("writer", new Access.Table(Tables.MESSAGES, true), new Access.Table(Tables.RECEIPTS, false)),
            def("mediaReader", new Access.Bucket(Resources.MEDIA, false)),
            def("nothing"),
            def("granted", new Access.Table(Tables.MESSAGES, true), new Access.Table(Tables.RECEIPTS, true),
                    new Access.SendToQueue(Resources.FANOUT), new Access.PublishToTopic(Resources.PUSH_REQUESTS),
                    new Access.Bucket(Resources.MEDIA, true), new Access.ManageConnections()),
            withAccess(FunctionCatalog.KEYS_COUNT, FunctionCatalog.KEYS_COUNT.access()),
            withAccess(FunctionCatalog.KEYS_COUNT, List.of(new Access.Table(Tables.ONE_TIME_EC_PREKEYS, false))));

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withFunctions(FUNCTIONS);

    @Test
    void aWriteToATableGrantedReadOnlyIsRefusedNamingTheFunctionAndTheGrantToAdd() {
        Map<String, Object> refused = call("keysReader", "putItem", "table", "device-keys");

        assertThat(refused).containsEntry("exception", "DynamoDbException").containsEntry("status", 400)
                .containsEntry("code", "AccessDeniedException")
                .containsEntry("message", "function keysReader is not granted dynamodb:PutItem on table "
                        + "chatline-e2e-device-keys; add rw(DEVICE_KEYS) to its access list in FunctionCatalog");
        assertThat(call("keysReader", "getItem", "table", "device-keys")).containsEntry("result", "ok");
    }

    @Test
    void aTableMissingFromTheAccessListIsRefused() {
        assertThat(message(call("keysReader", "getItem", "table", "messages")))
                .isEqualTo("function keysReader is not granted dynamodb:GetItem on table chatline-e2e-messages; "
                        + "add ro(MESSAGES) to its access list in FunctionCatalog");
    }

    @Test
    void scanIsNeverGranted() {
        assertThat(message(call("keysReader", "scan", "table", "device-keys")))
                .isEqualTo("function keysReader is not granted dynamodb:Scan on table chatline-e2e-device-keys; "
                        + "no access in FunctionCatalog grants it");
    }

    @Test
    void aTransactionNeedsTheItemActionOnEveryTableItWrites() {
        assertThat(message(call("writer", "transactWrite")))
                .isEqualTo("function writer is not granted dynamodb:UpdateItem on table chatline-e2e-receipts; "
                        + "add rw(RECEIPTS) to its access list in FunctionCatalog");
        assertThat(call("granted", "transactWrite")).containsEntry("result", "ok");
    }

    @Test
    void aBatchWriteNeedsBatchWriteItemOnEveryTable() {
        assertThat(message(call("writer", "batchWrite")))
                .isEqualTo("function writer is not granted dynamodb:BatchWriteItem on table chatline-e2e-receipts; "
                        + "add rw(RECEIPTS) to its access list in FunctionCatalog");
        assertThat(call("granted", "batchWrite")).containsEntry("result", "ok");
    }

    @Test
    void sendingToTheQueueNeedsSendToQueue() {
        assertThat(call("nothing", "sendMessage")).containsEntry("exception", "SqsException")
                .containsEntry("code", "AccessDenied")
                .containsEntry("message", "function nothing is not granted sqs:SendMessage on queue "
                        + "chatline-e2e-fanout.fifo; add new Access.SendToQueue(Resources.FANOUT) to its access "
                        + "list in FunctionCatalog");
        assertThat(call("granted", "sendMessage")).containsEntry("result", "ok");
    }

    @Test
    void publishingToTheTopicNeedsPublishToTopic() {
        Map<String, Object> refused = call("nothing", "publish");

        assertThat(refused).containsEntry("exception", "AuthorizationErrorException")
                .containsEntry("code", "AuthorizationError");
        assertThat(message(refused)).startsWith("function nothing is not granted sns:Publish on topic arn:aws:sns:")
                .endsWith(":chatline-e2e-push-requests; add new Access.PublishToTopic(Resources.PUSH_REQUESTS) "
                        + "to its access list in FunctionCatalog");
        assertThat(call("granted", "publish")).containsEntry("result", "ok");
    }

    @Test
    void postingToAConnectionNeedsManageConnections() {
        assertThat(call("nothing", "post")).containsEntry("exception", "ForbiddenException")
                .containsEntry("status", 403)
                .containsEntry("message", "function nothing is not granted execute-api:ManageConnections on the "
                        + "stage's @connections; add manage() to its access list in FunctionCatalog");
        assertThat(call("granted", "post")).as("allowed: the gateway answers, the connection does not exist")
                .containsEntry("exception", "GoneException");
    }

    @Test
    void aPresignedUrlIsCheckedForTheOperationItSigns() {
        assertThat(call("mediaReader", "presignGet")).containsEntry("result", "ok");
        assertThat(call("mediaReader", "presignPut")).containsEntry("exception", "S3Exception")
                .containsEntry("status", 403).containsEntry("code", "AccessDenied")
                .containsEntry("message", "function mediaReader is not granted s3:PutObject on bucket "
                        + "chatline-e2e-media; add new Access.Bucket(Resources.MEDIA, true) to its access list in "
                        + "FunctionCatalog");
        assertThat(message(call("nothing", "presignGet"))).endsWith("add new Access.Bucket(Resources.MEDIA, false) "
                + "to its access list in FunctionCatalog");
        assertThat(call("granted", "presignPut")).containsEntry("result", "ok");
    }

    @Test
    void noFunctionMayReadASecretItsRoleDoesNotName() {
        assertThat(call("granted", "getSecret", "secret", "chatline-e2e-anything"))
                .containsEntry("exception", "SecretsManagerException").containsEntry("code", "AccessDeniedException")
                .containsEntry("message", "function granted is not granted secretsmanager:GetSecretValue on secret "
                        + "chatline-e2e-anything; no access in FunctionCatalog grants it");
    }

    @Test
    void callsFromTheFunctionsWorkerThreadsAreAttributedToIt() {
        assertThat(message(call("keysReader", "putItem", "table", "device-keys", "thread", "worker")))
                .startsWith("function keysReader is not granted dynamodb:PutItem");
        assertThat(message(call("keysReader", "putItem", "table", "device-keys", "thread", "common-pool")))
                .startsWith("function keysReader is not granted dynamodb:PutItem");
        assertThat(call("keysReader", "getItem", "table", "device-keys", "thread", "worker"))
                .containsEntry("result", "ok");
    }

    @Test
    void aClientBuiltDuringTheInvocationIsCheckedToo() {
        assertThat(message(call("keysReader", "lazyClientPutItem", "table", "device-keys")))
                .startsWith("function keysReader is not granted dynamodb:PutItem");
    }

    @Test
    void theRealKeysCountHandlerFailsWithoutItsGrantOnTheKyberKeys() {
        ObjectNode event = Json.object().put("body", "{\"action\":\"keysCount\",\"requestId\":\"k1\"}");
        event.putObject("requestContext").put("routeKey", "keysCount").put("connectionId", "a2V5c0NvdW50PQ=")
                .put("requestId", "r").putObject("authorizer").put("userId", "alice").put("deviceId", "phone");

        String granted = RUNTIME.runtime().lambdaHost().invoke("keysCount", event.toString());
        String missingGrant = RUNTIME.runtime().lambdaHost().invoke("keysCountWithout", event.toString());

        assertThat(Json.read(granted).path("body").asText()).contains("\"kyberPreKeys\":0");
        assertThat(Json.read(missingGrant).path("body").asText()).contains("INTERNAL_ERROR");
    }

    @Test
    void clientsBuiltOutsideHostedFunctionsAreNotChecked() {
        assertThatCode(() -> RUNTIME.awsClients().dynamoDb().scan(b -> b.tableName("chatline-e2e-device-keys")))
                .doesNotThrowAnyException();
    }

    /** The real function under its own name, or with "Without" appended when its access list is not its own. */
    private static FunctionDef withAccess(FunctionDef real, List<Access> access) {
        String name = access.equals(real.access()) ? real.name() : real.name() + "Without";
        return new FunctionDef(name, real.handlerClass(), real.artifact(), real.memoryMb(), real.timeout(),
                new Trigger.Route(name, true), access);
    }

    static FunctionDef def(String name, Access... access) {
        return new FunctionDef(name, AwsCallHandler.class.getName(), Artifact.CORE, 256, Duration.ofSeconds(10),
                new Trigger.Route(name, true), List.of(access));
    }

    /** Invokes {@code function} to make {@code call}; {@code more}: further event fields, name then value. */
    private static Map<String, Object> call(String function, String call, String... more) {
        ObjectNode event = Json.object().put("call", call)
                .put("queueUrl", RUNTIME.runtime().resources().queue(Resources.FANOUT).url())
                .put("topicArn", RUNTIME.runtime().resources().topicArn(Resources.PUSH_REQUESTS))
                .put("endpoint", RUNTIME.connectionsEndpoint().toString());
        for (int i = 0; i < more.length; i += 2) {
            event.put(more[i], more[i + 1]);
        }
        String result = RUNTIME.runtime().lambdaHost().invoke(function, event.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.read(result, Map.class);
        return map;
    }

    private static String message(Map<String, Object> refused) {
        return String.valueOf(refused.get("message"));
    }
}
