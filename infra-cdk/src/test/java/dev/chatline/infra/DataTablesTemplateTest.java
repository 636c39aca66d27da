package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.schema.IndexDef;
import dev.chatline.schema.KeyAttr;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataTablesTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    @Test
    void everyTableOfTheSharedDefinitionsIsDeployedUnderItsStageName() {
        List<String> names = tables().values().stream().map(p -> (String) p.get("TableName")).sorted().toList();
        assertThat(names).containsExactlyElementsOf(Tables.ALL.stream().map(t -> t.physicalName("prod")).sorted()
                .toList());
    }

    @Test
    void tablesHaveTheDefinedKeysIndexesAndTtl() {
        for (TableDef def : Tables.ALL) {
            Map<String, Object> props = table(def);
            assertThat(props.get("KeySchema")).as(def.logicalName()).isEqualTo(keySchema(def.partitionKey(),
                    def.sortKey()));
            List<Map<String, Object>> gsis = list(props.get("GlobalSecondaryIndexes"));
            assertThat(gsis).as(def.logicalName()).hasSameSizeAs(def.globalIndexes());
            for (IndexDef index : def.globalIndexes()) {
                Map<String, Object> gsi = gsis.stream().filter(g -> index.name().equals(g.get("IndexName")))
                        .findFirst().orElseThrow();
                assertThat(gsi.get("KeySchema")).isEqualTo(keySchema(index.partitionKey(), index.sortKey()));
                assertThat(gsi.get("Projection")).isEqualTo(Map.of("ProjectionType",
                        index.keysOnly() ? "KEYS_ONLY" : "ALL"));
            }
            Map<String, String> attributeTypes = list(props.get("AttributeDefinitions")).stream().collect(
                    Collectors.toMap(a -> (String) a.get("AttributeName"), a -> (String) a.get("AttributeType")));
            assertThat(attributeTypes).as(def.logicalName()).isEqualTo(expectedAttributes(def));
            if (def.ttlAttribute() == null) {
                assertThat(props).doesNotContainKey("TimeToLiveSpecification");
            } else {
                assertThat(props.get("TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName",
                        def.ttlAttribute(), "Enabled", true));
            }
        }
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecoveryAndDestroyedOutsideProduction() {
        synth.resources("AWS::DynamoDB::Table").values().forEach(resource -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            assertThat(props.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            assertThat(props.get("PointInTimeRecoverySpecification"))
                    .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
            assertThat(props.get("DeletionProtectionEnabled")).isEqualTo(false);
            assertThat(resource.get("DeletionPolicy")).isEqualTo("Delete");
        });
    }

    @Test
    void productionTablesAreRetainedAndDeletionProtected() {
        Synth.production().resources("AWS::DynamoDB::Table").values().forEach(resource -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            assertThat(props.get("DeletionProtectionEnabled")).isEqualTo(true);
            assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
            assertThat(resource.get("UpdateReplacePolicy")).isEqualTo("Retain");
            assertThat((String) props.get("TableName")).startsWith("chatline-live-");
        });
    }

    private Map<String, Map<String, Object>> tables() {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        synth.resources("AWS::DynamoDB::Table").forEach((id, r) -> out.put(id, props(r)));
        return out;
    }

    private Map<String, Object> table(TableDef def) {
        return tables().values().stream().filter(p -> def.physicalName("prod").equals(p.get("TableName")))
                .findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> keySchema(KeyAttr partition, KeyAttr sort) {
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(Map.of("AttributeName", partition.name(), "KeyType", "HASH"));
        if (sort != null) {
            keys.add(Map.of("AttributeName", sort.name(), "KeyType", "RANGE"));
        }
        return keys;
    }

    private static Map<String, String> expectedAttributes(TableDef def) {
        Map<String, String> out = new java.util.HashMap<>();
        List<KeyAttr> keys = new ArrayList<>();
        keys.add(def.partitionKey());
        def.sortKeyOpt().ifPresent(keys::add);
        def.globalIndexes().forEach(i -> {
            keys.add(i.partitionKey());
            if (i.sortKey() != null) {
                keys.add(i.sortKey());
            }
        });
        keys.forEach(k -> out.put(k.name(), k.type().name()));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
