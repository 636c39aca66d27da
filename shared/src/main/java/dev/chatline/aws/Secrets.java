package dev.chatline.aws;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads a Secrets Manager secret once, at cold start (the Firebase service account, the CloudFront signing key).
 * The value is only returned, never logged. Separate from {@link AwsClients} so that only the artifacts of functions
 * that read a secret need the Secrets Manager module of the SDK.
 */
public final class Secrets {
    private Secrets() {
    }

    /** The secret's string value; the client is closed again (the shared HTTP client stays open). */
    public static String read(AwsClients aws, String secretArn) {
        return value(aws, secretArn).secretString();
    }

    /** The secret's current value with its version id (to tell a new version from the one in use). */
    public static GetSecretValueResponse value(AwsClients aws, String secretArn) {
        try (SecretsManagerClient client = aws.configure(SecretsManagerClient.builder())
                .httpClient(aws.httpClient()).build()) {
            return client.getSecretValue(r -> r.secretId(secretArn));
        }
    }
}
