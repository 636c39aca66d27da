package dev.chatline.local.bench;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * How many billed requests one call is: SQS bills each started 64 KB of a request's payload (sent or received) as
 * one request, SNS each started 64 KB of a publish, API Gateway each started 32 KB of a message; every other call
 * is one. Message attributes are not counted (ours are small).
 */
record BilledRequests(int sqsChunkBytes, int snsChunkBytes, int apiGatewayUnitBytes) {
    static final BilledRequests DEFAULT = new BilledRequests(65_536, 65_536, 32_768);

    long units(SdkRequest request, SdkResponse response) {
        if (request instanceof SendMessageRequest r) {
            return chunks(bytes(r.messageBody()), sqsChunkBytes);
        } else if (request instanceof SendMessageBatchRequest r) {
            return chunks(r.entries().stream().mapToLong(e -> bytes(e.messageBody())).sum(), sqsChunkBytes);
        } else if (response instanceof ReceiveMessageResponse r) {
            return chunks(r.messages().stream().mapToLong(m -> bytes(m.body())).sum(), sqsChunkBytes);
        } else if (request instanceof PublishRequest r) {
            return chunks(bytes(r.message()), snsChunkBytes);
        } else if (request instanceof PublishBatchRequest r) {
            return r.publishBatchRequestEntries().stream().mapToLong(e -> chunks(bytes(e.message()), snsChunkBytes))
                    .sum();
        } else if (request instanceof PostToConnectionRequest r) {
            return chunks(r.data() == null ? 0 : r.data().asByteArray().length, apiGatewayUnitBytes);
        }
        return 1;
    }

    /** Started units of {@code unit} bytes, at least one. */
    static long chunks(long bytes, int unit) {
        return Math.max(1, (bytes + unit - 1) / unit);
    }

    private static long bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
