package dev.chatline.relay;

/**
 * Synchronous calls to another cell's {@code cellCall} function (JSON in, JSON out). In AWS a Lambda
 * {@code Invoke} authorised by IAM ({@link LambdaCellCalls}).
 */
@FunctionalInterface
public interface CellCalls {
    /**
     * @return the called function's JSON answer
     * @throws IllegalStateException when the call failed (the function errored or could not be reached)
     */
    String call(String cell, String requestJson);
}
