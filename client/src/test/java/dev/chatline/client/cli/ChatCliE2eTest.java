package dev.chatline.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The terminal client as a user runs it: login, send, listen (with typed lines), against the local runtime. */
class ChatCliE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @TempDir
    Path home;

    /** Runs one CLI command with {@code typed} as its standard input; returns exit code and output. */
    private String run(String typed, String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("login")) {
            all.addAll(List.of("--home", home.toString()));
        }
        int code = ChatCli.commandLine(new ChatCli(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8))),
                new PrintWriter(out, true)).execute(all.toArray(String[]::new));
        assertThat(code).as("exit code of %s, output:%n%s", all, out).isZero();
        return out.toString();
    }

    private String login(String user, String device) {
        String server = RUNTIME.runtime().devUrl("").replaceAll("/_local/?$", "");
        return run("", "login", "--home", home.toString(), "--server", server, "--stage", "e2e",
                "--user", user, "--device", device);
    }

    @Test
    void twoUsersLogInSendAndReadEachOthersMessagesInTheTerminal() {
        assertThat(login("bob", "laptop")).contains("logged in as bob/laptop");
        assertThat(login("alice", "phone")).contains("logged in as alice/phone");

        assertThat(run("", "send", "--as", "alice/phone", "bob", "hello", "bob")).contains("you → bob  ✓ sent");

        String bob = run("@alice hi alice\n/quit\n", "listen", "--as", "bob/laptop");
        assertThat(bob).contains("alice/phone: hello bob").contains("you → alice  ✓ sent");

        String alice = run("", "listen", "--as", "alice/phone");
        assertThat(alice).contains("bob/laptop: hi alice");
    }

    @Test
    void aSecondDeviceIsLinkedByItsCodeListedAndUnlinkedFromTheTerminal() throws Exception {
        login("carol", "phone");
        assertThat(login("carol", "laptop")).contains("not linked to the account yet");

        StringWriter linkOut = new StringWriter();
        Thread linking = new Thread(() -> ChatCli.commandLine(new ChatCli(new ByteArrayInputStream(new byte[0])),
                new PrintWriter(linkOut, true)).execute("link", "--home", home.toString(), "--as", "carol/laptop",
                "--wait", "30"));
        linking.start();
        String code = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("approve (\\S+)").matcher(linkOut.toString());
            return m.find() ? m.group(1) : null;
        }, java.util.Objects::nonNull);

        assertThat(run("", "approve", "--as", "carol/phone", code)).contains("approved; device list v2: [laptop, phone]");
        linking.join(30_000);
        assertThat(linkOut.toString()).contains("linked");
        assertThat(run("", "devices", "--as", "carol/phone")).containsPattern("laptop +laptop +linked")
                .containsPattern("phone +phone +linked");

        assertThat(run("", "unlink", "--as", "carol/phone", "laptop")).contains("unlinked laptop; device list v3");
        assertThat(run("", "devices", "--as", "carol/phone")).doesNotContain("laptop");
    }

    @Test
    void safetyNumbersMatchAndVerifyMarksThem() {
        login("dan", "laptop");
        login("erin", "phone");
        run("", "send", "--as", "erin/phone", "dan", "hi");

        String erinSees = run("", "safety-number", "--as", "erin/phone", "dan");
        String danSees = run("", "safety-number", "--as", "dan/laptop", "erin");
        assertThat(erinSees).contains("safety number with dan:").contains("not verified");
        assertThat(digits(erinSees)).hasSize(60).isEqualTo(digits(danSees));

        assertThat(run("", "verify", "--as", "erin/phone", "dan")).contains("✔ verified");
        assertThat(run("/safety dan\n/quit\n", "listen", "--as", "erin/phone")).contains("✔ verified")
                .contains(digits(erinSees).substring(0, 5));
    }

    /** The 60 digits of a printed safety number (12 groups of 5 on 3 lines). */
    private static String digits(String output) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\d{5})( \\d{5}){3}$").matcher(output);
        while (m.find()) {
            out.append(m.group().replace(" ", ""));
        }
        return out.toString();
    }

    @Test
    void unknownProfileIsAClearError() {
        StringWriter out = new StringWriter();
        int code = ChatCli.commandLine(new ChatCli(new ByteArrayInputStream(new byte[0])), new PrintWriter(out, true))
                .execute("send", "--home", home.toString(), "--as", "nobody/none", "bob", "hi");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("error: not logged in as nobody#none");
    }
}
