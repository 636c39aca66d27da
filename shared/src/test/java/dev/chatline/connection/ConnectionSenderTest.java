package dev.chatline.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.connection.ConnectionSender.PostResult;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.PresenceFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The real {@code ApiGatewayManagementApiClient} against a loopback endpoint answering 200 / 410 / 429. */
@ExtendWith(MotoExtension.class)
class ConnectionSenderTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "sender");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @BeforeEach
    void rows() {
        f.endpoint.clear();
        long exp = f.clock.instant().getEpochSecond() + 100;
        f.connections.put(new ConnectionRecord("sender-conn=", "fay", "phone", f.clock.millis(), exp));
        f.connections.put(new ConnectionRecord("target-conn=", "gus", "phone", f.clock.millis(), exp));
    }

    @Test
    void postDeliversTheFrameToTheConnection() {
        assertThat(f.sender.post("target-conn=", "{\"type\":\"x\"}")).isEqualTo(PostResult.SENT);

        assertThat(f.endpoint.framesTo("target-conn=")).containsExactly("{\"type\":\"x\"}");
    }

    @Test
    void goneDeletesOnlyTheTargetConnectionsRow() {
        f.endpoint.answer("target-conn=", 410);

        assertThat(f.sender.post("target-conn=", "{}")).isEqualTo(PostResult.GONE);

        assertThat(f.connections.get("target-conn=")).isEmpty();
        assertThat(f.connections.get("sender-conn=")).isPresent();
    }

    @Test
    void throttlingIsThrownAndKeepsTheRow() {
        f.endpoint.answer("target-conn=", 429);

        assertThatThrownBy(() -> f.sender.post("target-conn=", "{}")).isInstanceOf(SdkException.class);

        assertThat(f.connections.get("target-conn=")).isPresent();
    }

    @Test
    void bestEffortPostSkipsAFailingConnectionAndCountsTheOthers() {
        long exp = f.clock.instant().getEpochSecond() + 100;
        f.connections.put(new ConnectionRecord("gus-laptop=", "gus", "laptop", f.clock.millis(), exp));
        f.connections.put(new ConnectionRecord("gus-tablet=", "gus", "tablet", f.clock.millis(), exp));
        f.endpoint.answer("gus-laptop=", 429);
        f.endpoint.answer("gus-tablet=", 410);

        assertThat(f.sender.postBestEffort("gus", "{\"type\":\"y\"}")).isEqualTo(1);

        assertThat(f.endpoint.framesTo("target-conn=")).containsExactly("{\"type\":\"y\"}");
        assertThat(f.connections.get("gus-laptop=")).as("a throttled connection keeps its row").isPresent();
        assertThat(f.connections.get("gus-tablet=")).as("a gone one loses it").isEmpty();
    }

    @Test
    void bestEffortPostToAUserWhoseConnectionsCannotBeReadSendsNothingAndThrowsNothing() {
        ConnectionStore unreadable = new ConnectionStore(new AwsClients(f.config, List.of(Interceptors.before(
                QueryRequest.class, r -> {
                    throw SdkClientException.create("DynamoDB unreachable");
                }))).dynamoDb(), f.config, f.clock);
        ConnectionSender sender = new ConnectionSender(MessagingClients.connections(new AwsClients(f.config)),
                unreadable);

        assertThat(sender.postBestEffort("gus", "{}")).isZero();

        assertThat(f.endpoint.posts()).isEmpty();
    }
}
