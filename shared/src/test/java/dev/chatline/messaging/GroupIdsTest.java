package dev.chatline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupIdsTest {
    private static final String ULID = "01JABCDEFGHJKMNPQRSTVWXYZ0";

    @Test
    void aCellMintsGroupIdsNamingItself() {
        String id = GroupIds.mint(ULID, Optional.of("eu1"));
        assertThat(id).isEqualTo(ULID + ".eu1");
        assertThat(ChatIds.isGroupId(id)).isTrue();
        assertThat(GroupIds.homeCell(id)).contains("eu1");
    }

    @Test
    void aSingleCellsGroupIdsNameNoHomeAndStayLocal() {
        assertThat(GroupIds.mint(ULID, Optional.empty())).isEqualTo(ULID);
        assertThat(GroupIds.homeCell(ULID)).isEmpty();
    }

    @Test
    void aSuffixThatIsNoCellNameNamesNoHome() {
        assertThat(GroupIds.homeCell(ULID + ".EU")).isEmpty();
        assertThat(GroupIds.homeCell(ULID + ".")).isEmpty();
        assertThat(GroupIds.homeCell(ULID + ".abcdefghijklm")).isEmpty();
    }
}
