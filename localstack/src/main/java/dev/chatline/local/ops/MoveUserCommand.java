package dev.chatline.local.ops;

import dev.chatline.cells.CellRouter;
import dev.chatline.cells.move.UserMove;
import dev.chatline.config.ChatConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/move-user.sh}: moves a user to another cell, or finishes a half-done move (docs/operations.md,
 * "Moving a user"). Exit code 0 when the user is homed in the target cell with nothing left in the old one, 1 when
 * the move was refused (unknown user, another move in progress or racing), 2 for bad arguments.
 */
@Command(name = "move-user", mixinStandardHelpOptions = true,
        description = "Move a user to another cell: copy its rows, switch the directory, close its old connections.")
public final class MoveUserCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "The user id.")
    String user;

    @Option(names = "--to", required = true, description = "The target cell.")
    String to;

    @Option(names = "--stage", defaultValue = "local", description = "The deployment's stage, without the cell "
            + "(default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--connections", required = true, split = ",", description = "cell=URL of each cell's "
            + "@connections endpoint (stack output ConnectionsUrl), at least the user's current cell's.")
    Map<String, URI> connections = new LinkedHashMap<>();

    @Option(names = "--region", description = "AWS region (default: AWS_REGION, else us-east-1).")
    String region;

    @Option(names = "--endpoint", description = "AWS endpoint override, e.g. the local runtime's emulator "
            + "(default: CHATLINE_AWS_ENDPOINT; unset on AWS).")
    String endpoint;

    @Option(names = "--directory-table", description = "The directory table (default: chatline-<stage>-directory).")
    String directoryTable;

    @Option(names = "--wait-seconds", defaultValue = "35", description = "How long to wait after the switch for "
            + "routers' cached homes to expire before the old rows are deleted (default: ${DEFAULT-VALUE}; at least "
            + "the routers' 30 s cache).")
    long waitSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MoveUserCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (waitSeconds < CellRouter.DEFAULT_TTL.toSeconds()) {
            System.err.println("--wait-seconds must be at least the routers' cache, "
                    + CellRouter.DEFAULT_TTL.toSeconds() + " s: a shorter wait can lose messages");
            return 2;
        }
        ChatConfig env = ChatConfig.fromEnvironment();
        Map<String, String> base = new HashMap<>();
        base.put(ChatConfig.REGION, region != null ? region : env.get(ChatConfig.REGION).orElse("us-east-1"));
        String aws = endpoint != null ? endpoint : env.get(ChatConfig.AWS_ENDPOINT).orElse(null);
        if (aws != null) {
            base.put(ChatConfig.AWS_ENDPOINT, aws);
        }
        UserMove move = UserMoves.userMove(ChatConfig.of(base), stage, directoryTable, connections,
                Duration.ofSeconds(waitSeconds));
        try {
            UserMove.Outcome o = move.move(user, to);
            System.out.printf("%s: %s -> %s, epoch %d; %d rows copied, %d connections closed, %d old rows deleted%n",
                    o.userId(), o.from(), o.to(), o.epoch(), o.rowsCopied(), o.connectionsClosed(), o.rowsDeleted());
            return 0;
        } catch (UserMove.MoveRefused refused) {
            System.err.println("refused: " + refused.getMessage());
            return 1;
        }
    }
}
