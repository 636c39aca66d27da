package dev.chatline.relay;

import dev.chatline.cells.CellConfig;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@link CellCalls} as Lambda {@code Invoke} (request/response) of the peer's {@code cellCall} function, its ARN
 * from {@code CHATLINE_CELL_CALL_PEERS}. A function error (the called handler threw) is a failed call.
 */
public final class LambdaCellCalls implements CellCalls {
    private final LambdaClient lambda;
    private final CellConfig cells;

    public LambdaCellCalls(LambdaClient lambda, CellConfig cells) {
        this.lambda = lambda;
        this.cells = cells;
    }

    @Override
    public String call(String cell, String requestJson) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(cells.callArn(cell))
                .invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(requestJson)));
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException("cellCall of cell " + cell + " failed (" + response.functionError()
                    + "): " + payload);
        }
        return payload;
    }
}
