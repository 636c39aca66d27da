package dev.chatline.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * The client of the calls between cells: Lambda ({@code Invoke} of a peer cell's {@code cellCall} function). Kept
 * apart from {@link MessagingClients} like the other per-feature factories.
 */
public final class CellClients {
    private CellClients() {
    }

    /**
     * @param endpoint where the peers' functions are invoked instead of Lambda's regional endpoint (the local
     *                 runtime's emulation of Lambda's Invoke API), else the configured AWS endpoint or real AWS
     */
    public static LambdaClient lambda(AwsClients aws, Optional<URI> endpoint) {
        LambdaClientBuilder builder = aws.configure(LambdaClient.builder()).httpClient(aws.httpClient());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
