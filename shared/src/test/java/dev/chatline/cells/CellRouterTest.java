package dev.chatline.cells;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.schema.CellResources;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** The router's warm cache over a real directory table on moto, counting the GetItem calls it makes. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellRouterTest {
    private final AtomicInteger reads = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private DirectoryStore directory;
    private ChatConfig config;

    @BeforeAll
    void provision(MotoServer moto) {
        config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(), ChatConfig.STAGE, "rt",
                ChatConfig.REGION, "us-east-1", CellResources.DIRECTORY_TABLE_ENV, "chatline-rt-directory"));
        AwsClients aws = new AwsClients(config, List.of(Interceptors.before(GetItemRequest.class,
                r -> reads.incrementAndGet())));
        TestTables.create(aws.dynamoDb(), config, CellResources.DIRECTORY);
        directory = new DirectoryStore(aws.dynamoDb(), config);
    }

    private CellRouter router(String cell) {
        return new CellRouter(new CellConfig(java.util.Optional.of(cell), Map.of(), Map.of()), directory, clock,
                CellRouter.DEFAULT_TTL, CellRouter.DEFAULT_CAPACITY);
    }

    @Test
    void aUsersHomeIsReadOnceAndServedFromTheCacheForThirtySeconds() {
        directory.signUp("carol", "b", clock.millis());
        CellRouter router = router("a");
        int before = reads.get();
        assertThat(router.homeOf("carol")).contains("b");
        assertThat(router.remoteHomeOf("carol")).contains("b");
        assertThat(router.isLocal("carol")).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(router.homeOf("carol")).contains("b");
        assertThat(reads.get() - before).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(router.homeOf("carol")).contains("b");
        assertThat(reads.get() - before).isEqualTo(2);
    }

    @Test
    void anUnknownUserIsLocalAndNotCachedSoItsSignUpIsSeenAtOnce() {
        CellRouter router = router("a");
        int before = reads.get();
        assertThat(router.homeOf("dave")).isEmpty();
        assertThat(router.isLocal("dave")).isTrue();
        assertThat(reads.get() - before).isEqualTo(2);
        assertThat(directory.signUp("dave", "b", clock.millis())).isEqualTo("b");
        assertThat(router.homeOf("dave")).contains("b");
    }

    @Test
    void theFirstSignUpWinsAndLaterOnesLearnIt() {
        assertThat(directory.signUp("erin", "a", clock.millis())).isEqualTo("a");
        assertThat(directory.signUp("erin", "b", clock.millis())).isEqualTo("a");
        assertThat(directory.get("erin")).map(DirectoryStore.Entry::homeCell).contains("a");
    }

    @Test
    void aDirectChatLivesInTheCellOfItsLowerUserId() {
        directory.signUp("frank", "a", clock.millis());
        directory.signUp("gina", "b", clock.millis());
        assertThat(router("b").remoteChatHome("d:frank:gina")).contains("a");
        assertThat(router("a").remoteChatHome("d:frank:gina")).isEmpty();
        assertThat(router("b").remoteChatHome("g:some-group")).isEmpty();
    }

    @Test
    void aSingleCellReadsNothingAndEveryoneIsLocal() {
        CellRouter single = CellRouter.singleCell();
        int before = reads.get();
        assertThat(single.isLocal("carol")).isTrue();
        assertThat(single.remoteHomeOf("carol")).isEmpty();
        assertThat(single.remoteChatHome("d:carol:zed")).isEmpty();
        assertThat(reads.get()).isEqualTo(before);
    }

    @Test
    void anOlderDeviceSummaryNeverReplacesANewerOne() {
        directory.signUp("hugo", "a", clock.millis());
        assertThat(directory.putDevices("hugo", new DeviceSummary(List.of("p", "t"), Map.of("p", 7), 200))).isTrue();
        assertThat(directory.putDevices("hugo", new DeviceSummary(List.of("p"), Map.of(), 100))).isFalse();
        assertThat(directory.get("hugo").orElseThrow().devices())
                .isEqualTo(new DeviceSummary(List.of("p", "t"), Map.of("p", 7), 200));
        assertThat(directory.putDevices("nobody", new DeviceSummary(List.of("p"), Map.of(), 300))).isFalse();
    }
}
