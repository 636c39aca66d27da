package dev.chatline.local.reliability;

import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStore;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item that belongs to the fuzzer's victims, read straight from the tables: their presence, devices, contacts,
 * keys, push tokens and windows, inboxes, their chats' counters, messages and receipt rows, their group and its
 * members, their media. Two snapshots taken before and after the fuzz must be equal: nothing mallory sent changed
 * another user's data.
 */
final class VictimSnapshot {
    private final Map<String, String> items;

    private VictimSnapshot(Map<String, String> items) {
        this.items = items;
    }

    static VictimSnapshot take(Harness harness, FuzzWorld world) {
        FuzzWorld.Victims v = world.victims();
        Map<String, String> items = new LinkedHashMap<>();
        try (TableReader tables = new TableReader(harness.runtime())) {
            for (String user : List.of(world.victor, world.vera)) {
                String device = user + "#phone";
                for (TableDef t : List.of(Tables.PRESENCE, Tables.DEVICES, Tables.CONTACTS, Tables.DEVICE_KEYS)) {
                    put(items, tables, t, user);
                }
                for (TableDef t : List.of(Tables.INBOX, Tables.ONE_TIME_EC_PREKEYS, Tables.ONE_TIME_KEM_PREKEYS,
                        Tables.PUSH_TOKENS, Tables.PUSH_WINDOWS)) {
                    put(items, tables, t, device);
                }
            }
            for (String chat : List.of(v.directChat(), "g:" + v.groupId())) {
                put(items, tables, Tables.CHATS, chat);
                for (Map<String, AttributeValue> m : put(items, tables, Tables.MESSAGES, chat)) {
                    put(items, tables, Tables.RECEIPTS,
                            new MessageRef(chat, Long.parseLong(m.get(MessageStore.SEQ).n())).key());
                }
            }
            put(items, tables, Tables.GROUPS, v.groupId());
            put(items, tables, Tables.GROUP_MEMBERS, v.groupId());
            put(items, tables, Tables.MEDIA, v.mediaId());
        }
        return new VictimSnapshot(items);
    }

    private static List<Map<String, AttributeValue>> put(Map<String, String> items, TableReader tables, TableDef t,
                                                          String key) {
        List<Map<String, AttributeValue>> found = tables.items(t, key);
        List<String> sorted = new ArrayList<>();
        found.forEach(i -> sorted.add(new java.util.TreeMap<>(i).toString()));
        items.put(t.logicalName() + " " + key, sorted.toString());
        return found;
    }

    /** How many items there are (the victims' whole footprint). */
    int size() {
        return items.size();
    }

    /** The (table, key) entries that differ from {@code before}; empty when nothing changed. */
    List<String> changedSince(VictimSnapshot before) {
        List<String> changed = new ArrayList<>();
        before.items.forEach((k, v) -> {
            if (!v.equals(items.get(k))) {
                changed.add(k + ": " + v + " -> " + items.get(k));
            }
        });
        return changed;
    }
}
