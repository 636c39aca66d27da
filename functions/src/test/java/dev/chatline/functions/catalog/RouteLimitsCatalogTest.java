package dev.chatline.functions.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.keys.KeysSettings;
import dev.chatline.media.MediaQuota;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.ratelimit.RouteLimits;
import dev.chatline.ratelimit.RouteLimits.Bucket;
import dev.chatline.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route has a limit, and the docs say which: a route added to the catalog without a budget (or a documented
 * reason for none), a limited function without its grant on the rate-limits table, or a limit or key missing from
 * docs/protocol.md's limits table fails here.
 */
class RouteLimitsCatalogTest {
    private static final Path PROTOCOL = Path.of("../docs/protocol.md");

    private static Stream<FunctionDef> routeFunctions() {
        return FunctionCatalog.ALL.stream().filter(f -> f.trigger() instanceof Trigger.Route);
    }

    private static String routeKey(FunctionDef f) {
        return ((Trigger.Route) f.trigger()).routeKey();
    }

    @Test
    void everyRouteFunctionHasExactlyOneKindOfLimit() {
        assertThat(routeFunctions().map(RouteLimitsCatalogTest::routeKey)).allSatisfy(key -> {
            long kinds = Stream.of(Arrays.stream(Bucket.values()).anyMatch(b -> b.routes().contains(key)),
                    RouteLimits.LIMITED_BY_SERVICE.contains(key), RouteLimits.UNLIMITED.contains(key))
                    .filter(Boolean::booleanValue).count();
            assertThat(kinds).as(key).isEqualTo(1);
        });
    }

    @Test
    void everyLimitedRouteFunctionMayWriteTheRateLimitsTable() {
        assertThat(routeFunctions().filter(f -> !RouteLimits.UNLIMITED.contains(routeKey(f)))).allSatisfy(f ->
                assertThat(f.access()).as(f.name()).contains(new Access.Table(Tables.RATE_LIMITS, true)));
    }

    @Test
    void theProtocolsLimitsTableNamesEveryActionAndEveryKey() throws IOException {
        String protocol = Files.readString(PROTOCOL);
        String table = protocol.substring(protocol.indexOf("### Limits"));
        List<String> actions = Stream.concat(routeFunctions().map(RouteLimitsCatalogTest::routeKey),
                MockRoutes.ALL.stream().map(MockRoute::routeKey)).toList();
        assertThat(actions).allSatisfy(action -> assertThat(table).as(action)
                .containsPattern("`" + Pattern.quote(action) + "`"));
        List<String> keys = Stream.concat(Arrays.stream(Bucket.values()).flatMap(b -> Stream.of(b.permitsKey(),
                b.windowKey())), Stream.of(MessagingSettings.SEND_RATE_PERMITS,
                MessagingSettings.SEND_RATE_WINDOW_SECONDS, KeysSettings.FETCH_RATE_PERMITS,
                KeysSettings.FETCH_PAIR_RATE_PERMITS, KeysSettings.FETCH_RATE_WINDOW_SECONDS,
                KeysSettings.HANDOUT_PERMITS, KeysSettings.HANDOUT_WINDOW_SECONDS,
                KeysSettings.IDENTITY_CHANGE_PERMITS, KeysSettings.IDENTITY_CHANGE_WINDOW_SECONDS,
                MediaQuota.DAILY_BYTES)).toList();
        assertThat(keys).allSatisfy(key -> assertThat(table).as(key).contains(key));
    }
}
