package dev.chatline.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The topic every alarm notifies (encrypted with the topics' key) and its e-mail subscription. It stays in the root
 * stack, at the construct path {@code Monitoring/AlarmTopic} it had before the alarms moved into their nested stack
 * ({@link ChatlineStack}), so its logical id is unchanged: an existing stage keeps the topic and the subscriptions
 * on-call already confirmed.
 */
public final class AlarmNotifications extends Construct {
    private final Topic topic;

    public AlarmNotifications(Construct scope, String id, ChatlineSettings settings, Messaging messaging) {
        super(scope, id);
        // CloudWatch must be able to use the topic key to publish alarm notifications.
        messaging.key().addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(settings.name("alarms"))
                .masterKey(messaging.key())
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    }

    public Topic topic() {
        return topic;
    }
}
