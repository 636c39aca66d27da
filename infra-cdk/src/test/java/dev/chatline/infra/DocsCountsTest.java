package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs' counts of tables, routes and functions, and the routes the architecture diagram names, follow the table
 * definitions and the function catalog: a table or route added without updating the docs fails here.
 */
class DocsCountsTest {
    private static final List<Path> DOCS = List.of(Path.of("../docs/architecture.md"),
            Path.of("../docs/operations.md"), Path.of("../README.md"));
    private static final List<String> ROUTE_KEYS = routeKeys();

    @Test
    void everyStatedNumberOfTablesRoutesAndFunctionsIsTheCurrentOne() throws IOException {
        for (Path doc : DOCS) {
            String text = Files.readString(doc);
            assertCounts(doc, text, "(\\d+) (?:DynamoDB )?tables\\b", Tables.ALL.size());
            assertCounts(doc, text, "(\\d+) routes\\b", ROUTE_KEYS.size());
            assertCounts(doc, text, "(\\d+) (?:Lambda )?functions\\b", FunctionCatalog.ALL.size());
            assertCounts(doc, text, "(\\d+) route functions\\b", ROUTE_KEYS.size() - MockRoutes.ALL.size());
        }
    }

    @Test
    void theArchitectureStatesTheCountsAndNamesEveryRoute() throws IOException {
        String architecture = Files.readString(DOCS.get(0));
        assertThat(architecture).contains(Tables.ALL.size() + " tables", ROUTE_KEYS.size() + " routes",
                FunctionCatalog.ALL.size() + " functions");
        assertThat(ROUTE_KEYS).allSatisfy(key -> assertThat(architecture).as(key)
                .containsPattern("(?<![A-Za-z0-9$])" + Pattern.quote(key) + "(?![A-Za-z0-9])"));
    }

    private static void assertCounts(Path doc, String text, String regex, int expected) {
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).as(doc + ": \"" + m.group() + "\"").isEqualTo(expected);
        }
    }

    private static List<String> routeKeys() {
        List<String> functionRoutes = FunctionCatalog.ALL.stream().map(d -> d.trigger())
                .filter(Trigger.Route.class::isInstance).map(t -> ((Trigger.Route) t).routeKey()).toList();
        return java.util.stream.Stream.concat(functionRoutes.stream(),
                MockRoutes.ALL.stream().map(m -> m.routeKey())).toList();
    }
}
