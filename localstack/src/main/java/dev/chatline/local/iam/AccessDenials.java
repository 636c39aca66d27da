package dev.chatline.local.iam;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The exception a refused call throws: the one the service's SDK throws when AWS answers "not authorized" (same
 * class, HTTP status and error code), so code that catches the service's exceptions sees what it would see on AWS;
 * the message names the function and the missing grant instead of AWS's role ARN.
 */
final class AccessDenials {
    private AccessDenials() {
    }

    static AwsServiceException exception(AccessPolicy.Denial denial) {
        String message = denial.message();
        return switch (denial.permission().service()) {
            case "dynamodb" -> build(DynamoDbException.builder(), 400, "AccessDeniedException", "DynamoDb", message);
            case "sqs" -> build(SqsException.builder(), 403, "AccessDenied", "Sqs", message);
            case "sns" -> build(AuthorizationErrorException.builder(), 403, "AuthorizationError", "Sns", message);
            case "s3" -> build(S3Exception.builder(), 403, "AccessDenied", "S3", message);
            case "secretsmanager" -> build(SecretsManagerException.builder(), 400, "AccessDeniedException",
                    "SecretsManager", message);
            case "execute-api" -> build(ForbiddenException.builder(), 403, "ForbiddenException",
                    "ApiGatewayManagementApi", message);
            default -> build(AwsServiceException.builder(), 403, "AccessDenied", denial.permission().service(),
                    message);
        };
    }

    private static AwsServiceException build(AwsServiceException.Builder builder, int status, String code,
                                             String service, String message) {
        return builder.statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(service)
                        .build())
                .build();
    }
}
