package dev.chatline.local.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds the event Lambda passes to a function subscribed to an SQS queue ({@code SQSEvent}): one record per
 * message with {@code messageId}, {@code receiptHandle}, {@code body}, the system {@code attributes}
 * (ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp and, for FIFO queues,
 * SequenceNumber, MessageGroupId, MessageDeduplicationId), {@code messageAttributes} in Lambda's camel-case shape,
 * {@code md5OfBody}, {@code eventSource} {@code aws:sqs}, {@code eventSourceARN} and {@code awsRegion}.
 */
public final class SqsEventFactory {
    private static final List<String> SYSTEM_ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp",
            "SenderId", "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId",
            "MessageDeduplicationId", "AWSTraceHeader");

    private final String queueArn;
    private final String region;

    public SqsEventFactory(String queueArn) {
        this.queueArn = queueArn;
        this.region = queueArn.split(":")[3];
    }

    public String event(List<Message> messages) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        messages.forEach(m -> records.add(record(m)));
        return Json.write(event);
    }

    ObjectNode record(Message m) {
        ObjectNode r = Json.object();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        ObjectNode attrs = r.putObject("attributes");
        Map<String, String> system = m.attributesAsStrings();
        SYSTEM_ATTRIBUTES.forEach(name -> {
            if (system.containsKey(name)) {
                attrs.put(name, system.get(name));
            }
        });
        ObjectNode msgAttrs = r.putObject("messageAttributes");
        m.messageAttributes().forEach((name, value) -> msgAttrs.set(name, messageAttribute(value)));
        r.put("md5OfBody", m.md5OfBody());
        if (m.md5OfMessageAttributes() != null) {
            r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
        }
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", queueArn);
        r.put("awsRegion", region);
        return r;
    }

    private static ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode a = Json.object();
        if (value.stringValue() != null) {
            a.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            a.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        ArrayNode strings = a.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = a.putArray("binaryListValues");
        value.binaryListValues().forEach(b -> binaries.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        a.put("dataType", value.dataType());
        return a;
    }
}
