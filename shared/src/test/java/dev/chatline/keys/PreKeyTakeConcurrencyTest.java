package dev.chatline.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.AwsClients;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.auth.Identity;
import dev.chatline.testing.TestEnv;
import dev.chatline.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;

/** A one-time prekey is never handed out twice, even when fetches run at the same time. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreKeyTakeConcurrencyTest {
    private KeysFixture f;

    @BeforeAll
    void provision(MotoServer moto) {
        f = KeysFixture.unlimited(moto, "prekey-race");
    }

    @Test
    void concurrentFetchesNeverReturnTheSameOneTimeKeyTwice() throws Exception {
        Identity bob = f.device("bob", "phone");
        f.upload(bob, TestKeys.upload(TestKeys.ecKey(), 1, 12));
        int fetchers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(fetchers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<KeyBundle>> futures = new ArrayList<>();
            for (int i = 0; i < fetchers; i++) {
                Identity requester = f.device("fetcher" + i, "phone");
                futures.add(pool.submit(() -> {
                    start.await();
                    return f.service.fetch(requester, "bob", Optional.empty()).bundles().get(0);
                }));
            }
            start.countDown();
            List<KeyBundle> bundles = new ArrayList<>();
            for (Future<KeyBundle> fu : futures) {
                bundles.add(fu.get());
            }
            List<Integer> ec = bundles.stream().flatMap(b -> b.preKey().stream()).map(PreKey::keyId).toList();
            List<Integer> kem = bundles.stream().filter(b -> !b.kyberLastResort())
                    .map(b -> b.kyberPreKey().keyId()).toList();
            assertThat(ec).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(12);
            assertThat(kem).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(12);
            // every key was handed out (at most MAX_ROUNDS contended rounds may leave one unclaimed per fetch)
            assertThat(ec.size() + f.ec.count(bob.device())).isEqualTo(12);
            assertThat(kem.size() + f.kem.count(bob.device())).isEqualTo(12);
            assertThat(bundles.stream().filter(KeyBundle::kyberLastResort).count()).isEqualTo(fetchers - kem.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Deterministic race (moto serializes requests): another fetch takes the very key this fetch picked, between
     * this fetch's candidate query and its conditional delete. The loser's delete fails and it takes another key.
     */
    @Test
    void fetchThatLosesItsCandidateTakesAnotherKey() {
        Identity bob = f.device("bob2", "phone");
        f.upload(bob, TestKeys.upload(TestKeys.ecKey(), 1, 3));
        AtomicReference<Integer> stolen = new AtomicReference<>();
        ExecutionInterceptor racer = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                if (c.request() instanceof DeleteItemRequest d && stolen.get() == null) {
                    // the other fetch's winning delete of the same key, on a client without this interceptor
                    f.env.ddb.deleteItem(r -> r.tableName(d.tableName()).key(d.key()));
                    stolen.set(Integer.parseInt(d.key().get(SingleUsePreKeyStore.KEY_ID).n()));
                }
            }
        };
        KeysFixture loser = new KeysFixture(f.env, new AwsClients(f.env.config, List.of(racer)));

        PreKey got = loser.ec.take(bob.device()).orElseThrow();

        assertThat(stolen.get()).isNotNull();
        assertThat(got.keyId()).isNotEqualTo(stolen.get()).isBetween(1, 3);
        assertThat(f.ec.count(bob.device())).isEqualTo(1);
    }
}
