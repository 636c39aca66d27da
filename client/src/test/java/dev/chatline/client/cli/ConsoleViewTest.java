package dev.chatline.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.client.SentMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleViewTest {
    private final StringWriter text = new StringWriter();
    private final ConsoleView view = new ConsoleView(new PrintWriter(text, true), Path.of("unused"), false);

    @Test
    void aReadEventWithoutADeliveredEventBeforeItShowsRead() {
        view.sent("bob", new SentMessage("c1", "01ABC-42", "d:alice:bob", 42, 1748779260000L));

        view.onReceipt("d:alice:bob", List.of("01ABC-42"), "read", "bob");
        view.onReceipt("d:alice:bob", List.of("01ABC-42"), "delivered", "bob");
        view.onReceipt("d:alice:bob", List.of("01ABC-42"), "read", "bob");

        assertThat(text.toString()).contains("✓✓ read  bob (#42)").doesNotContain("✓✓ delivered");
        assertThat(text.toString().split("✓✓", -1)).as("one mark").hasSize(2);
    }

    @Test
    void deliveredThenReadShowsBothMarks() {
        view.sent("bob", new SentMessage("c1", "01ABC-7", "d:alice:bob", 7, 1748779260000L));

        view.onReceipt("d:alice:bob", List.of("01ABC-7"), "delivered", "bob");
        view.onReceipt("d:alice:bob", List.of("01ABC-7"), "read", "bob");

        assertThat(text.toString()).contains("✓✓ delivered  bob (#7)").contains("✓✓ read  bob (#7)");
    }

    @Test
    void anInvitationShowsWhoInvitedAndHowToAccept() {
        view.onOtherFrame(new dev.chatline.protocol.MembershipFrames.GroupInvite("01JWQ0RJ1T1F8W6SPQ1C4YV3B7",
                "g:01JWQ0RJ1T1F8W6SPQ1C4YV3B7", "Trip", "carol", 1748779260000L));

        assertThat(text.toString()).contains("carol invites you to group \"Trip\"")
                .contains("/accept 01JWQ0RJ1T1F8W6SPQ1C4YV3B7");
    }
}
