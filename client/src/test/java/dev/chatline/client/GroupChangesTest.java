package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.ProtocolJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupChangesTest {
    @Test
    void aChangeWithoutOpIdGetsAFreshOneAndKeepsItsFields() {
        var add = (GroupActions.GroupAdd) GroupChanges.withOpId(new GroupActions.GroupAdd(null, "G1", List.of("bob")));

        assertThat(add.opId()).isNotBlank();
        assertThat(add.groupId()).isEqualTo("G1");
        assertThat(add.userIds()).containsExactly("bob");
        assertThat(ProtocolJson.encode(add, "r1")).contains("\"opId\":\"" + add.opId() + "\"");
    }

    @Test
    void everyGroupChangeGetsAnOpId() {
        List<ClientMessage> changes = List.of(new GroupActions.GroupCreate(null, "club", List.of("bob")),
                new GroupActions.GroupAdd(null, "G1", List.of("bob")), new GroupActions.GroupRemove(null, "G1", "bob"),
                new GroupActions.GroupAdmin(null, "G1", "bob"), new GroupActions.GroupLeave(null, "G1"),
                new GroupActions.GroupAccept(null, "G1"));

        assertThat(changes).allMatch(GroupChanges::isChange)
                .allSatisfy(c -> assertThat(ProtocolJson.encode(GroupChanges.withOpId(c), null)).contains("\"opId\""));
    }

    @Test
    void theCallersOpIdIsKeptSoARetryRepeatsTheSameChange() {
        var leave = new GroupActions.GroupLeave("op-1", "G1");

        assertThat(GroupChanges.withOpId(leave)).isSameAs(leave);
    }

    @Test
    void otherMessagesAreNoChangesAndPassUnchanged() {
        var decline = new GroupActions.GroupDecline("G1");
        var info = new GroupActions.GroupInfo("G1");

        assertThat(GroupChanges.isChange(decline)).isFalse();
        assertThat(GroupChanges.isChange(info)).isFalse();
        assertThat(GroupChanges.withOpId(info)).isSameAs(info);
    }
}
