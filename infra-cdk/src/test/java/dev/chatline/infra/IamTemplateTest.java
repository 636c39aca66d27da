package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Least privilege: each function's role allows exactly what its catalog access list names. */
class IamTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    /** One statement: its actions and the JSON text of its resources. */
    record Statement(List<String> actions, String resources) {
        boolean allows(String action) {
            return actions.contains(action);
        }
    }

    @Test
    void tableGrantsFollowTheAccessList() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            List<Statement> statements = statements(def);
            for (TableDef table : Tables.ALL) {
                Optional<Access.Table> access = def.access().stream().filter(Access.Table.class::isInstance)
                        .map(Access.Table.class::cast).filter(a -> a.table().equals(table)).findFirst();
                List<Statement> onTable = statements.stream()
                        .filter(s -> s.resources().contains(tableLogicalId(table) + ",")).toList();
                String what = def.name() + " on " + table.logicalName();
                if (access.isEmpty()) {
                    assertThat(onTable).as(what).isEmpty();
                    continue;
                }
                assertThat(onTable).as(what).anyMatch(s -> s.allows("dynamodb:GetItem") && s.allows("dynamodb:Query"));
                assertThat(onTable.stream().anyMatch(s -> s.allows("dynamodb:PutItem"))).as(what)
                        .isEqualTo(access.get().write());
                assertThat(onTable).as(what).noneMatch(s -> s.allows("dynamodb:Scan"));
                table.globalIndexes().forEach(index -> assertThat(onTable).as(what)
                        .anyMatch(s -> s.resources().contains("/index/" + index.name())));
            }
        }
    }

    @Test
    void functionWithoutWriteAccessHasNoPutItemOnThatTable() {
        // history only reads messages and receipts (it writes only its permit on rate-limits).
        assertThat(statements(FunctionCatalog.HISTORY).stream()
                .filter(s -> !s.resources().contains(tableLogicalId(Tables.RATE_LIMITS))))
                .isNotEmpty().noneMatch(s -> s.allows("dynamodb:PutItem"));
        // presenceSubscribe reads connections but writes presence-subscribers.
        assertThat(statements(FunctionCatalog.PRESENCE_SUBSCRIBE).stream()
                .filter(s -> s.resources().contains(tableLogicalId(Tables.CONNECTIONS))))
                .isNotEmpty().noneMatch(s -> s.allows("dynamodb:PutItem"));
    }

    @Test
    void manageConnectionsIsScopedToThisApiStageAndThreeMethods() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            boolean granted = def.access().stream().anyMatch(Access.ManageConnections.class::isInstance);
            List<Statement> manage = statements(def).stream()
                    .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("execute-api:"))).toList();
            if (!granted) {
                assertThat(manage).as(def.name()).isEmpty();
                continue;
            }
            assertThat(manage).as(def.name()).hasSize(1);
            Statement s = manage.get(0);
            assertThat(s.actions()).containsExactly("execute-api:ManageConnections");
            for (String method : List.of("POST", "GET", "DELETE")) {
                assertThat(s.resources()).contains("/prod/" + method + "/@connections/*");
            }
            assertThat(s.resources()).contains("{Ref=WebSocketApi").doesNotContain("/*/*");
        }
    }

    @Test
    void queueTopicAndBucketGrantsOnlyWhereDeclared() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            List<Statement> statements = statements(def);
            assertThat(statements.stream().anyMatch(s -> s.allows("sqs:SendMessage"))).as(def.name())
                    .isEqualTo(def.access().stream().anyMatch(Access.SendToQueue.class::isInstance));
            assertThat(statements.stream().anyMatch(s -> s.allows("sns:Publish"))).as(def.name())
                    .isEqualTo(def.access().stream().anyMatch(Access.PublishToTopic.class::isInstance));
            assertThat(statements.stream().anyMatch(s -> s.allows("s3:PutObject"))).as(def.name())
                    .isEqualTo(def.access().stream().anyMatch(a -> a instanceof Access.Bucket b && b.write()));
        }
    }

    @Test
    void noWildcardActionsAndTheOnlyStarResourceIsXray() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            for (Statement s : statements(def)) {
                assertThat(s.actions()).as(def.name()).noneMatch(a -> a.endsWith(":*") || a.equals("*"));
                if (s.resources().equals("*")) {
                    assertThat(s.actions()).as(def.name()).allMatch(a -> a.startsWith("xray:"));
                }
            }
        }
    }

    private String tableLogicalId(TableDef table) {
        return synth.resources("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> table.physicalName("prod").equals(props(e.getValue()).get("TableName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** The statements of the policies attached to the function's role. */
    private List<Statement> statements(FunctionDef def) {
        Map<String, Object> fn = props(synth.resources("AWS::Lambda::Function").values().stream()
                .filter(r -> ("chatline-prod-" + def.name()).equals(props(r).get("FunctionName")))
                .findFirst().orElseThrow());
        Object roleId = ((List<?>) ((Map<?, ?>) fn.get("Role")).get("Fn::GetAtt")).get(0);
        List<Statement> out = new ArrayList<>();
        synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<?>) props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .forEach(p -> {
                    Map<?, ?> doc = (Map<?, ?>) props(p).get("PolicyDocument");
                    for (Object o : (List<?>) doc.get("Statement")) {
                        Map<?, ?> st = (Map<?, ?>) o;
                        assertThat(st.get("Effect")).isEqualTo("Allow");
                        Object action = st.get("Action");
                        List<String> actions = action instanceof List<?> l
                                ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
                        out.add(new Statement(actions, String.valueOf(st.get("Resource"))));
                    }
                });
        assertThat(out).as(def.name()).isNotEmpty();
        return out;
    }
}
