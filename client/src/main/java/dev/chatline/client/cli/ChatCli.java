package dev.chatline.client.cli;

import dev.chatline.client.ChatClient;
import dev.chatline.client.Content;
import dev.chatline.client.SentMessage;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatline-client}: an end-to-end encrypted chat client for the terminal (see docs/client.md). Every command
 * but {@code login} acts as the device of the last login, or of {@code --as user/device}.
 */
@Command(name = "chatline-client", mixinStandardHelpOptions = true, version = "chatline-client 0.1",
        description = "End-to-end encrypted chat client (Signal protocol) for a chatline server.",
        subcommands = {ChatCli.Login.class, ChatCli.Send.class, ChatCli.SendFile.class, ListenCommand.class,
                ChatCli.GroupCreate.class, DeviceCommands.Link.class, DeviceCommands.Approve.class,
                DeviceCommands.Devices.class, DeviceCommands.Unlink.class, DeviceCommands.ResetAccount.class,
                TrustCommands.Show.class, TrustCommands.Verify.class})
public final class ChatCli {
    private final InputStream input;

    public ChatCli(InputStream input) {
        this.input = input;
    }

    /** Interactive input of {@code listen}. */
    InputStream input() {
        return input;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ChatCli(System.in),
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true)).execute(args));
    }

    /** The command line with its output and a one-line error report (no stack trace) for failures. */
    public static CommandLine commandLine(ChatCli cli, PrintWriter out) {
        return new CommandLine(cli).setOut(out).setErr(out).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
    }

    /** Options every command shares: where profiles live, which device, an explicit token. */
    static final class DeviceOptions {
        @Option(names = "--home", description = "Profiles and key stores (default: ~/.chatline).")
        Path home = Path.of(System.getProperty("user.home"), ".chatline");

        @Option(names = "--as", description = "Act as this device (user/device) instead of the last login.")
        String as;

        @Option(names = "--token", description = "An access token (default: a development token from the local runtime).")
        String token;

        @Option(names = "--no-read-receipts", description = "Do not send read receipts for the messages shown.")
        boolean noReadReceipts;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        PrintWriter out() {
            return command.commandLine().getOut();
        }

        /** Opens the device's client with a console view and connects (uploading keys on first use, then sync). */
        Connected connect() {
            Profile profile = Profile.load(home, as);
            return connect(profile);
        }

        Connected connect(Profile profile) {
            ConsoleView view = new ConsoleView(out(), profile.directory(home).resolve("downloads"), !noReadReceipts);
            ChatClient client = ChatClient.open(profile.storeDirectory(home), profile.userId(), profile.deviceId(), view);
            view.attach(client);
            client.connect(profile.websocketUrl(), token != null ? token : profile.devToken());
            return new Connected(client, view);
        }
    }

    /** A connected client and its console. */
    record Connected(ChatClient client, ConsoleView view) implements AutoCloseable {
        @Override
        public void close() {
            view.close();
            client.close();
        }
    }

    @Command(name = "login", description = "Register this device: creates its identity, uploads its public keys.")
    static final class Login implements Callable<Integer> {
        @Mixin
        DeviceOptions device;
        @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "Default: ${DEFAULT-VALUE}.")
        String server;
        @Option(names = "--stage", defaultValue = "local", description = "WebSocket stage. Default: ${DEFAULT-VALUE}.")
        String stage;
        @Option(names = "--user", required = true)
        String userId;
        @Option(names = "--device", required = true)
        String deviceId;

        @Override
        public Integer call() {
            Profile profile = new Profile(server, stage, userId, deviceId);
            profile.save(device.home);
            try (Connected c = device.connect(profile)) {
                device.out().printf("logged in as %s; keys uploaded; store: %s%n", c.client().self(), c.client().storeDirectory());
                if (!c.client().isLinked()) {
                    device.out().println("this device is not linked to the account yet: run `link` here and"
                            + " `approve <code>` on a linked device");
                }
            }
            return 0;
        }
    }

    /** Who a message goes to: a user, or with {@code --group} a group. */
    static final class Target {
        @Option(names = "--group", description = "Send to this group id instead of a user.")
        boolean group;
        @Parameters(index = "0", description = "Recipient user id (or group id with --group).")
        String to;

        /** Connects, builds the content, sends it and shows the ✓. */
        void send(DeviceOptions device, Function<ChatClient, Content> content) {
            try (Connected c = device.connect()) {
                Content message = content.apply(c.client());
                SentMessage m = group ? c.client().sendGroup(to, message) : c.client().send(to, message);
                c.view().sent(to, m);
            }
        }
    }

    @Command(name = "send", description = "Send an encrypted text to a user (or --group).")
    static final class Send implements Callable<Integer> {
        @Mixin
        DeviceOptions device;
        @Mixin
        Target target;
        @Parameters(index = "1..*", arity = "1..*", description = "The text.")
        List<String> words;

        @Override
        public Integer call() {
            target.send(device, client -> Content.text(String.join(" ", words)));
            return 0;
        }
    }

    @Command(name = "send-file", description = "Encrypt a file, upload it as media and send it (image, voice, video).")
    static final class SendFile implements Callable<Integer> {
        @Mixin
        DeviceOptions device;
        @Mixin
        Target target;
        @Option(names = "--type", description = "Content type (default: guessed from the file name).")
        String contentType;
        @Option(names = "--caption")
        String caption;
        @Parameters(index = "1")
        Path file;

        @Override
        public Integer call() throws Exception {
            String type = contentType != null ? contentType : Files.probeContentType(file);
            if (type == null) {
                throw new IllegalArgumentException("unknown content type of " + file + ": pass --type");
            }
            byte[] bytes = Files.readAllBytes(file);
            target.send(device, client -> client.uploadMedia(bytes, type, file.getFileName().toString(), caption));
            return 0;
        }
    }

    @Command(name = "group-create", description = "Create a group; prints its id.")
    static final class GroupCreate implements Callable<Integer> {
        @Mixin
        DeviceOptions device;
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--members", split = ",", required = true, description = "Other members' user ids.")
        List<String> members;

        @Override
        public Integer call() {
            try (Connected c = device.connect()) {
                device.out().println("group " + c.client().createGroup(name, members));
            }
            return 0;
        }
    }
}
