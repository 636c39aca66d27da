package dev.chatline.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;

/**
 * Builds the event SNS passes to a subscribed Lambda function ({@code SNSEvent}) from the JSON envelope SNS
 * delivers to an SQS subscription (raw message delivery off). The envelope carries the same notification
 * fields; the Lambda event names two of them differently ({@code SigningCertUrl}, {@code UnsubscribeUrl}), wraps
 * them in {@code Sns}, and adds {@code EventSource} {@code aws:sns}, {@code EventVersion} {@code 1.0} and the
 * subscription ARN. One record per event, as SNS always sends.
 */
public final class SnsEventFactory {
    private final String subscriptionArn;

    /** @param subscriptionArn the subscription that stands for the function's subscription */
    public SnsEventFactory(String subscriptionArn) {
        this.subscriptionArn = subscriptionArn;
    }

    /** @param envelopeJson the notification as SNS writes it into an SQS queue */
    public String event(String envelopeJson) {
        JsonNode env = Json.read(envelopeJson);
        ObjectNode event = Json.object();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscriptionArn);
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", env.path("Type").asText("Notification"));
        sns.put("MessageId", env.path("MessageId").asText());
        sns.put("TopicArn", env.path("TopicArn").asText());
        sns.set("Subject", env.hasNonNull("Subject") ? env.get("Subject") : sns.nullNode());
        sns.put("Message", env.path("Message").asText());
        sns.put("Timestamp", env.path("Timestamp").asText());
        sns.put("SignatureVersion", env.path("SignatureVersion").asText());
        sns.put("Signature", env.path("Signature").asText());
        sns.put("SigningCertUrl", env.path("SigningCertURL").asText());
        String region = subscriptionArn.split(":")[3];
        sns.put("UnsubscribeUrl", "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + subscriptionArn);
        ObjectNode attrs = sns.putObject("MessageAttributes");
        env.path("MessageAttributes").fields().forEachRemaining(e -> {
            ObjectNode a = attrs.putObject(e.getKey());
            a.put("Type", e.getValue().path("Type").asText());
            a.put("Value", e.getValue().path("Value").asText());
        });
        return Json.write(event);
    }
}
