package dev.chatline.local.lambda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failed invocation, shaped like the error payload the Lambda runtime returns
 * ({@code {"errorMessage","errorType","stackTrace"}}): a handler exception (errorType = its class name),
 * a timeout ({@code Sandbox.Timedout}), a throttle ({@code TooManyRequestsException}) or an init failure.
 */
public final class LambdaInvocationException extends RuntimeException {
    public static final String TIMEOUT = "Sandbox.Timedout";
    public static final String THROTTLED = "TooManyRequestsException";
    public static final String UNKNOWN_FUNCTION = "ResourceNotFoundException";

    private final String errorType;
    private final String errorMessage;
    private final List<String> stackTrace;

    public LambdaInvocationException(String errorType, String errorMessage, List<String> stackTrace, Throwable cause) {
        super(errorType + ": " + errorMessage, cause);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.stackTrace = List.copyOf(stackTrace);
    }

    public LambdaInvocationException(String errorType, String errorMessage) {
        this(errorType, errorMessage, List.of(), null);
    }

    /** The payload the Java runtime reports for an exception thrown by a handler. */
    static LambdaInvocationException fromHandler(Throwable error) {
        List<String> trace = Arrays.stream(error.getStackTrace()).map(StackTraceElement::toString).toList();
        return new LambdaInvocationException(error.getClass().getName(), String.valueOf(error.getMessage()),
                trace, error);
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public List<String> stackTrace() {
        return stackTrace;
    }

    /** The error payload as the Lambda Invoke API returns it (with {@code X-Amz-Function-Error: Unhandled}). */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("errorMessage", errorMessage);
        payload.put("errorType", errorType);
        payload.put("stackTrace", stackTrace);
        return payload;
    }
}
