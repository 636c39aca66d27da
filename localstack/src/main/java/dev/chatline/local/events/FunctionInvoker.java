package dev.chatline.local.events;

/**
 * Invokes a hosted function synchronously with a JSON event and returns its JSON result, as Lambda's
 * {@code Invoke} API with {@code InvocationType=RequestResponse} does. The event sources only need this, so they
 * do not depend on the Lambda host: the runtime passes {@code lambdaHost::invoke}.
 */
@FunctionalInterface
public interface FunctionInvoker {

    /**
     * @return the function's result as JSON (may be {@code null} or {@code "null"} for a void handler)
     * @throws Exception when the function failed (handler exception, timeout, throttle, init error)
     */
    String invoke(String functionName, String eventJson) throws Exception;
}
