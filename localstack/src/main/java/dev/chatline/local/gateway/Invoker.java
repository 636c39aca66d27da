package dev.chatline.local.gateway;

/**
 * Calls a function synchronously, as API Gateway's Lambda proxy integration does: {@code LambdaHost::invoke} in the
 * local runtime, anything in tests. A failed invocation throws; its message (for
 * {@code LambdaInvocationException}: the {@code errorMessage}) decides the authorizer's 401.
 */
@FunctionalInterface
public interface Invoker {
    String invoke(String functionName, String eventJson);
}
