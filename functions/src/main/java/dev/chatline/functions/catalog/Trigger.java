package dev.chatline.functions.catalog;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.TopicDef;
import java.time.Duration;
import java.util.List;

/** What invokes a function. */
public sealed interface Trigger {

    /**
     * A WebSocket API route.
     *
     * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default} or an {@code action} value
     * @param returnResponse whether the route has a route response, so the function's result body is sent back to
     *                       the caller's connection (two-way route) instead of being discarded
     */
    record Route(String routeKey, boolean returnResponse) implements Trigger {
    }

    /**
     * The REQUEST authorizer of the {@code $connect} route.
     *
     * @param identitySources API Gateway identity sources; empty because the token may come either in the
     *                        {@code token} query parameter or in the {@code Sec-WebSocket-Protocol} header,
     *                        and API Gateway would refuse a handshake lacking any listed source
     */
    record Authorizer(List<String> identitySources) implements Trigger {
        /** The token issuer's settings, which the stack gives the authorizer. */
        public static final List<String> VARIABLES = List.of(ChatConfig.JWKS_URL, ChatConfig.JWT_ISSUER,
                ChatConfig.JWT_AUDIENCE);
    }

    /**
     * An SQS event source mapping with partial batch responses ({@code ReportBatchItemFailures}); one per shard of
     * a sharded queue, all invoking the same function.
     */
    record Queue(QueueDef queue, int batchSize, Duration maxBatchingWindow) implements Trigger {
        /**
         * What the event source mapping does on the queue with the function's role, so the function may do it too
         * (the CDK's {@code SqsEventSource} grants these; the fan-out makes reported records visible again).
         */
        public static final List<String> CONSUMER_ACTIONS = List.of("sqs:ReceiveMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    }

    /**
     * An SNS subscription. Topic subscribers deliver push notifications, so they also read the Firebase secret
     * named by {@code CHATLINE_FIREBASE_SECRET_ARN} ({@link #FIREBASE_SECRET_ACTIONS}).
     */
    record Topic(TopicDef topic) implements Trigger {
        /** What reading the Firebase secret allows (the CDK's {@code Secret.grantRead}). */
        public static final List<String> FIREBASE_SECRET_ACTIONS = List.of("secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret");
        /** Where the Firebase secret is, which the stack gives a topic subscriber. */
        public static final List<String> VARIABLES = List.of(ChatConfig.FIREBASE_SECRET_ARN);
    }

    /**
     * Invoked synchronously by the other cells of a multi-cell deployment (Lambda {@code Invoke}, request/response
     * JSON), authorised by IAM: the function's resource policy allows the peer cells' accounts (docs/scaling.md,
     * "Cells"). No route, no event source.
     */
    record Invoke() implements Trigger {
    }
}
