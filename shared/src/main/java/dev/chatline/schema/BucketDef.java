package dev.chatline.schema;

import java.time.Duration;

/**
 * An S3 bucket. Bucket names are global in AWS, so the deployed name is chosen by the stack and passed to the
 * functions in {@link #nameEnvVar}; locally it is {@link #localName(String)}.
 *
 * @param objectExpiry lifecycle expiry of objects (matches the message retention)
 */
public record BucketDef(String logicalName, String nameEnvVar, Duration objectExpiry) {

    public String localName(String stage) {
        return Naming.resourceName(stage, logicalName);
    }
}
