package dev.chatline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.config.ChatConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

class OfflineCallsTest {

    /** The SnapStart priming of the clients runs every operation's request path, and not one byte leaves. */
    @Test
    void primingRunsTheRequestPathsWithoutSendingAnything() throws IOException {
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + endpoint.getLocalPort();
            AtomicInteger transmitted = new AtomicInteger();
            ExecutionInterceptor counter = new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    transmitted.incrementAndGet();
                }
            };
            AwsClients aws = new AwsClients(ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, url,
                    ChatConfig.CONNECTIONS_ENDPOINT, url + "/prod")), List.of(counter));

            aws.primeDynamoDb();
            MessagingClients.prime(aws);
            S3Clients.primePresigner(aws);

            assertThat(transmitted).as("requests signed and handed to the HTTP client")
                    .hasValueGreaterThanOrEqualTo(13);
            endpoint.setSoTimeout(200);
            try {
                endpoint.accept().close();
                throw new AssertionError("priming opened a connection to the endpoint");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }
}
