package dev.chatline.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.AwsClients;
import dev.chatline.connection.ConnectionService;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.connection.DeviceListChange;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.connection.ProvenKey;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.testing.PresenceFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code $connect} and {@code $disconnect} cost the same AWS calls whatever the number of the user's subscribers
 * (rows that other users create): counted on the real SDK calls of the connection lifecycle.
 */
@ExtendWith(MotoExtension.class)
class ConnectCostTest {
    private static PresenceFixture f;
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final List<PresenceChange> QUEUED = new CopyOnWriteArrayList<>();
    private static ConnectionService counted;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "connect-cost");
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                CALLS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        DynamoDbClient ddb = new AwsClients(f.config, List.of(counter)).dynamoDb();
        ConnectionStore connections = new ConnectionStore(ddb, f.config, f.clock);
        counted = new ConnectionService(connections, new DeviceAccountStore(ddb, f.config, f.clock),
                new PresenceTracker(new PresenceStore(ddb, f.config), new PresenceSubscriptionStore(ddb, f.config,
                        f.clock), connections, QUEUED::add, f.clock), f.config.connectionTtl(), f.clock);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    /** The operations one connect and one disconnect of the user make. */
    private static List<String> connectAndDisconnect(String userId) {
        CALLS.clear();
        counted.connect(userId + "-conn", new Identity(userId, "phone"));
        counted.disconnect(userId + "-conn", new Identity(userId, "phone"));
        return new ArrayList<>(CALLS);
    }

    private static void subscribers(String target, int count) {
        long expiresAt = f.clock.instant().plus(f.settings.subscriptionTtl()).getEpochSecond();
        f.subscriptions.putAll(IntStream.range(0, count)
                .mapToObj(i -> new PresenceSubscription(target, target + "-fan-" + i, expiresAt)).toList());
    }

    @Test
    void connectAndDisconnectMakeTheSameCallsWithFiveHundredSubscribersAsWithOne() {
        subscribers("quiet", 1);
        subscribers("famous", 500);

        List<String> quiet = connectAndDisconnect("quiet");
        List<String> famous = connectAndDisconnect("famous");

        assertThat(famous).isEqualTo(quiet);
        // connect: device Update, byUser Query, Put, presence Update, subscriber Query (one item);
        // disconnect: Delete, byUser Query, presence Update, subscriber Query
        assertThat(famous).hasSize(9);
        assertThat(QUEUED).extracting(c -> c.userId() + ":" + c.view().online())
                .containsExactly("quiet:true", "quiet:false", "famous:true", "famous:false");
    }

    @Test
    void aLinkedDevicesProofCostsNoExtraCallAndARefusalCostsOneWrite() {
        Identity phone = new Identity("listed", "phone");
        byte[] key = {5, 1, 2, 3};
        byte[] any = {1};
        f.devices.apply(new DeviceListChange("listed", OptionalLong.empty(),
                new DeviceAccount.Account(any, 1, any, any, f.clock.millis(), 0),
                List.of(new DeviceListChange.Linked("phone", key, "phone", f.clock.millis())), List.of(),
                Optional.empty(), Optional.empty()));

        CALLS.clear();
        assertThat(counted.connect("listed-1", phone, f.clock.millis(), Optional.of(new ProvenKey(key, 1)))).isPresent();
        counted.disconnect("listed-1", phone);
        assertThat(CALLS).hasSize(9); // as a device without an account: the proof rides on the device Update

        CALLS.clear();
        assertThat(counted.connect("listed-2", phone, f.clock.millis(), Optional.empty())).isEmpty();
        assertThat(CALLS).containsExactly("UpdateItem"); // refused by its condition: nothing else read or written
    }

    @Test
    void withoutSubscribersNothingIsQueued() {
        QUEUED.clear();
        List<String> calls = connectAndDisconnect("unwatched");

        assertThat(QUEUED).isEmpty();
        assertThat(calls).hasSize(9);
    }
}
