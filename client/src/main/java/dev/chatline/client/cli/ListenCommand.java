package dev.chatline.client.cli;

import dev.chatline.client.ChatClient;
import dev.chatline.client.SentMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Interactive mode: shows incoming messages, ✓/✓✓/read marks and presence while reading lines to send:
 * {@code @bob hello}, {@code #<groupId> hello}, {@code /file @bob photo.jpg}, {@code /group name bob,carol},
 * {@code /accept <groupId>} (an invitation into a group), {@code /quit}.
 */
@Command(name = "listen", description = "Show incoming messages, receipts and presence; type '@user text' to send.")
final class ListenCommand implements Callable<Integer> {
    @Mixin
    ChatCli.DeviceOptions device;

    @ParentCommand
    ChatCli cli;

    @Option(names = "--watch", split = ",", description = "Show these users' presence.")
    List<String> watch = List.of();

    @Override
    public Integer call() throws Exception {
        try (ChatCli.Connected c = device.connect()) {
            device.out().printf("%s listening. '@user text', '#group text', '/file @user path', '/group name u1,u2',"
                    + " '/safety user', '/verify user', '/quit'%n",
                    c.client().self());
            if (!watch.isEmpty()) {
                c.client().subscribePresence(watch);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(cli.input(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.trim().equals("/quit"); line = in.readLine()) {
                try {
                    handle(c, line.trim());
                } catch (RuntimeException e) {
                    device.out().println("error: " + e.getMessage());
                }
            }
        }
        return 0;
    }

    private void handle(ChatCli.Connected c, String line) throws Exception {
        ChatClient client = c.client();
        if (line.startsWith("/group ")) {
            String[] parts = line.substring(7).trim().split("\\s+");
            if (parts.length != 2) {
                device.out().println("usage: /group <name> <user1,user2,...>");
                return;
            }
            device.out().println("group " + client.createGroup(parts[0], List.of(parts[1].split(","))));
        } else if (line.startsWith("/safety ")) {
            TrustCommands.print(device.out(), client.safetyNumber(line.substring(8).trim()));
        } else if (line.startsWith("/verify ")) {
            TrustCommands.print(device.out(), client.verify(line.substring(8).trim()));
        } else if (line.startsWith("/accept ")) {
            String groupId = line.substring(8).trim();
            client.acceptGroupInvite(groupId);
            device.out().println("joined group " + groupId);
        } else if (line.startsWith("/file ")) {
            String[] parts = line.substring(6).trim().split("\\s+", 2);
            Path file = Path.of(parts[1]);
            String type = Files.probeContentType(file);
            var content = client.uploadMedia(Files.readAllBytes(file), type, file.getFileName().toString(), null);
            String to = parts[0].substring(1);
            SentMessage m = parts[0].startsWith("#") ? client.sendGroup(to, content) : client.send(to, content);
            c.view().sent(to, m);
        } else if (line.startsWith("@") || line.startsWith("#")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                device.out().println("usage: @user text | #group text");
                return;
            }
            String to = line.substring(1, space);
            String text = line.substring(space + 1);
            SentMessage m = line.startsWith("#") ? client.sendGroupText(to, text) : client.sendText(to, text);
            c.view().sent(to, m);
        } else if (!line.isEmpty()) {
            device.out().println("usage: @user text | #group text | /file @user path | /group name u1,u2"
                    + " | /accept groupId | /safety user | /verify user | /quit");
        }
    }
}
