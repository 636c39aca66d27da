package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.groups.GroupStore;
import dev.chatline.local.e2e.Frames;
import dev.chatline.schema.Tables;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A membership change: alice (admin) adds carol to a fresh group of alice and bob, retrying until she gets the
 * group back. Afterwards the membership must be consistent everywhere — {@code groupInfo}, the group row's
 * {@code memberCount} against its member rows, carol's {@code groupList} — and the change's "added" system message
 * must be in the group's history once and shown once on bob's and carol's devices (live or through sync).
 */
final class GroupChangeScenario implements FaultScenario {
    private final Harness harness;
    private Peer alice;
    private Peer bob;
    private Peer carol;
    private String groupId;
    private ClientRetry.Outcome added;

    GroupChangeScenario(Harness harness) {
        this.harness = harness;
    }

    @Override
    public String name() {
        return "group change (groupAdd)";
    }

    @Override
    public String handler() {
        return "GroupHandler";
    }

    @Override
    public void prepare() throws Exception {
        if (alice == null) {
            alice = harness.connect(harness.user("alice"), "phone");
            bob = harness.connect(harness.user("bob"), "phone");
        }
        if (carol != null) {
            carol.close();
        }
        JsonNode info = alice.request(Frames.groupCreate("change", List.of(bob.userId)), Harness.TIMEOUT);
        if (info == null || !Frames.isType(info, "groupInfo")) {
            throw new IllegalStateException("groupCreate failed: " + info);
        }
        groupId = info.path("groupId").asText();
        carol = harness.connect(harness.user("carol"), "phone");
        harness.awaitQuiet();
    }

    @Override
    public void operate() throws Exception {
        String opId = Frames.newClientMsgId(); // a client repeats a change with the same operation id
        added = ClientRetry.until(alice,
                () -> Frames.groupChange("groupAdd", groupId, List.of(carol.userId)).put("opId", opId),
                ClientRetry.type("groupInfo"), handler());
    }

    @Override
    public Verdict verify() throws Exception {
        Verdict verdict = new Verdict().check(added.ok(), "alice never got the group back: " + added);
        Set<String> expected = Set.of(alice.userId, bob.userId, carol.userId);
        JsonNode info = alice.request(Frames.groupInfo(groupId), Harness.TIMEOUT);
        Set<String> members = new HashSet<>();
        info.path("members").forEach(m -> members.add(m.path("userId").asText()));
        verdict.check(members.equals(expected), "groupInfo members " + members);
        verdict.check(info.path("memberCount").asInt() == 3, "groupInfo memberCount " + info.path("memberCount"));
        try (TableReader tables = new TableReader(harness.runtime())) {
            List<Map<String, AttributeValue>> group = tables.items(Tables.GROUPS, groupId);
            int rows = tables.items(Tables.GROUP_MEMBERS, groupId).size();
            String count = group.isEmpty() ? "none" : group.get(0).get(GroupStore.MEMBER_COUNT).n();
            verdict.check(rows == 3 && String.valueOf(rows).equals(count),
                    "group row memberCount " + count + ", member rows " + rows);
        }
        JsonNode list = carol.request(Frames.groupList(), Harness.TIMEOUT);
        verdict.check(list != null && list.path("groups").findValuesAsText("groupId").contains(groupId),
                "carol's groupList lacks the group: " + list);
        Predicate<JsonNode> addedCarol = m -> ("g:" + groupId).equals(m.path("chatId").asText())
                && m.path("body").asText().contains("\"added\"") && m.path("body").asText().contains(carol.userId);
        for (Peer member : List.of(bob, carol)) {
            member.acknowledgeAll(Harness.TIMEOUT);
            if (member.messageFrames().stream().noneMatch(addedCarol)) {
                member.syncAll(Harness.TIMEOUT);
                member.acknowledgeAll(Harness.TIMEOUT);
            }
            Deliveries.shownOnce(verdict, member, addedCarol, "the 'added' system message");
        }
        JsonNode history = alice.request(Frames.history("g:" + groupId, null, 100), Harness.TIMEOUT);
        long inHistory = 0;
        for (JsonNode m : history.path("messages")) {
            inHistory += addedCarol.test(m) ? 1 : 0;
        }
        verdict.check(inHistory == 1, inHistory + " 'added' system messages for carol in the history");
        return verdict;
    }

    @Override
    public void close() {
        for (Peer p : new Peer[] {alice, bob, carol}) {
            if (p != null) {
                p.close();
            }
        }
    }
}
