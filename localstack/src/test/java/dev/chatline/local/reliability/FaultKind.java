package dev.chatline.local.reliability;

import dev.chatline.local.faults.PostFaults;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * What goes wrong with one AWS call. The two error kinds are thrown before the request is sent, i.e. what the
 * calling code sees once the SDK's own retries are exhausted (or, for {@code @connections}, at once: that client does
 * not retry): each service's own throttling exception, or its 500. {@link #KILLED} lets the call succeed and then
 * kills the calling function, as a Lambda timeout, out-of-memory or lost instance does: nothing after the call
 * happens (see {@link AwsFaults}).
 */
public enum FaultKind {
    THROTTLED("throttled"),
    FAILED("500"),
    KILLED("killed after");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The exception a call of {@code site} fails with (THROTTLED, FAILED), or the crash (KILLED). */
    Throwable exception(CallSite site) {
        String message = "injected " + label + " on " + site;
        if (this == KILLED) {
            return new PostFaults.Crash(message);
        }
        boolean throttled = this == THROTTLED;
        AwsServiceException.Builder b = switch (site.service()) {
            case "DynamoDb" -> throttled ? ProvisionedThroughputExceededException.builder()
                    : InternalServerErrorException.builder();
            case "Sqs" -> SqsException.builder();
            case "Sns" -> throttled ? ThrottledException.builder() : InternalErrorException.builder();
            case "ApiGatewayManagementApi" -> throttled ? LimitExceededException.builder()
                    : ApiGatewayManagementApiException.builder();
            case "S3" -> S3Exception.builder();
            default -> AwsServiceException.builder();
        };
        int status = throttled ? throttleStatus(site.service()) : 500;
        String code = throttled ? throttleCode(site.service()) : "InternalFailure";
        return b.statusCode(status).message(message).awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                .errorMessage(message).serviceName(site.service()).build()).build();
    }

    private static int throttleStatus(String service) {
        return switch (service) {
            case "ApiGatewayManagementApi" -> 429;
            case "S3" -> 503;
            default -> 400;
        };
    }

    private static String throttleCode(String service) {
        return switch (service) {
            case "DynamoDb" -> "ProvisionedThroughputExceededException";
            case "Sqs" -> "RequestThrottled";
            case "Sns" -> "Throttling";
            case "ApiGatewayManagementApi" -> "LimitExceededException";
            case "S3" -> "SlowDown";
            default -> "ThrottlingException";
        };
    }
}
