package dev.chatline.schema;

/**
 * An SNS topic.
 *
 * @param arnEnvVar environment variable through which functions learn the topic ARN
 */
public record TopicDef(String logicalName, String arnEnvVar) {

    public String physicalName(String stage) {
        return Naming.resourceName(stage, logicalName);
    }
}
