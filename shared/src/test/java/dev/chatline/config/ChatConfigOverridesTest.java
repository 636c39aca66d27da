package dev.chatline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatConfigOverridesTest {
    @Test
    void overridesWinAndEveryOtherValueComesFromTheConfigBehind() {
        ChatConfig base = ChatConfig.of(Map.of(ChatConfig.STAGE, "t", "CHATLINE_A", "1", "CHATLINE_B", "2"));

        ChatConfig limited = base.with(Map.of("CHATLINE_B", "20", "CHATLINE_C", "30"));

        assertThat(limited.get("CHATLINE_A")).hasValue("1");
        assertThat(limited.get("CHATLINE_B")).hasValue("20");
        assertThat(limited.get("CHATLINE_C")).hasValue("30");
        assertThat(limited.get("CHATLINE_D")).isEmpty();
        assertThat(limited.stage()).isEqualTo("t");
        assertThat(base.get("CHATLINE_B")).as("the config behind is unchanged").hasValue("2");
    }
}
