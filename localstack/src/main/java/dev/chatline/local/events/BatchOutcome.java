package dev.chatline.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Which records of an SQS batch succeeded, following Lambda's {@code ReportBatchItemFailures} rules:
 * <ul>
 *   <li>complete success: the function returned nothing, {@code null}, an object without
 *       {@code batchItemFailures}, or an empty/null {@code batchItemFailures} list;</li>
 *   <li>complete failure: the function threw, or returned invalid JSON, or an {@code itemIdentifier} that is
 *       missing, empty or not the id of a record in the batch;</li>
 *   <li>otherwise the listed records failed and the others succeeded.</li>
 * </ul>
 * For FIFO queues a failed record also fails every later record of the same message group in the batch (Lambda
 * expects the function to report them; where it did not, the record is kept anyway so a group is never processed
 * out of order, and {@link #unreportedGroupSuccessors()} names them for a warning).
 *
 * @param succeeded records to delete from the queue
 * @param failed records left in the queue to be received again after the visibility timeout
 * @param unreportedGroupSuccessors failed records the function reported as successful
 * @param invalidResponse why the whole batch failed because of the function's response, if it did
 */
public record BatchOutcome(List<Message> succeeded, List<Message> failed, List<Message> unreportedGroupSuccessors,
                           Optional<String> invalidResponse) {

    /** The whole batch failed (function error). */
    public static BatchOutcome allFailed(List<Message> batch) {
        return new BatchOutcome(List.of(), List.copyOf(batch), List.of(), Optional.empty());
    }

    /** Evaluates the function's response to {@code batch}. */
    public static BatchOutcome of(List<Message> batch, String response, boolean fifo) {
        Set<String> reported;
        try {
            reported = reportedFailures(batch, response);
        } catch (IllegalArgumentException invalid) {
            return new BatchOutcome(List.of(), List.copyOf(batch), List.of(), Optional.of(invalid.getMessage()));
        }
        List<Message> succeeded = new ArrayList<>();
        List<Message> failed = new ArrayList<>();
        List<Message> unreported = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        for (Message m : batch) {
            String group = fifo ? m.attributesAsStrings().get("MessageGroupId") : null;
            boolean reportedFailed = reported.contains(m.messageId());
            boolean groupFailed = group != null && failedGroups.contains(group);
            if (reportedFailed || groupFailed) {
                failed.add(m);
                if (group != null) {
                    failedGroups.add(group);
                }
                if (!reportedFailed) {
                    unreported.add(m);
                }
            } else {
                succeeded.add(m);
            }
        }
        return new BatchOutcome(succeeded, failed, unreported, Optional.empty());
    }

    private static Set<String> reportedFailures(List<Message> batch, String response) {
        if (response == null || response.isBlank()) {
            return Set.of();
        }
        JsonNode root;
        try {
            root = Json.read(response);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the response is not valid JSON");
        }
        JsonNode failures = root.path("batchItemFailures");
        if (!root.isObject() || failures.isMissingNode() || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            throw new IllegalArgumentException("batchItemFailures is not a list");
        }
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        Set<String> reported = new HashSet<>();
        for (JsonNode f : failures) {
            String id = f.path("itemIdentifier").asText("");
            if (id.isEmpty() || !ids.contains(id)) {
                throw new IllegalArgumentException("itemIdentifier '" + id + "' is not a message of the batch");
            }
            reported.add(id);
        }
        return reported;
    }
}
