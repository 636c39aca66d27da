package dev.chatline.local.iam;

import java.util.Locale;

/**
 * One IAM action on one resource, named the way the local runtime names resources: a table by its physical name, a
 * queue by its name, a topic by its ARN, a bucket by its name, a secret by the id the function was given, the
 * stage's {@code @connections} API by {@value #CONNECTIONS}, a function by its physical name.
 *
 * @param action e.g. {@code dynamodb:PutItem}
 * @param resource e.g. {@code chatline-local-device-keys}
 */
public record Permission(String action, String resource) {
    /** The resource of {@code execute-api:ManageConnections}: the one API stage the local gateway serves. */
    public static final String CONNECTIONS = "@connections";
    /** A call that names no resource the local runtime knows (an unknown service, a list call). */
    public static final String ANY = "*";

    /** {@code dynamodb:PutItem on table chatline-local-device-keys}. */
    public String describe() {
        String kind = switch (service()) {
            case "dynamodb" -> "table ";
            case "sqs" -> "queue ";
            case "sns" -> "topic ";
            case "s3" -> "bucket ";
            case "secretsmanager" -> "secret ";
            case "execute-api" -> "the stage's ";
            case "lambda" -> "function ";
            default -> "";
        };
        return action + " on " + kind + resource;
    }

    /** The IAM service prefix of the action ({@code dynamodb}, {@code sqs}, {@code execute-api}, ...). */
    public String service() {
        int colon = action.indexOf(':');
        return (colon < 0 ? action : action.substring(0, colon)).toLowerCase(Locale.ROOT);
    }
}
