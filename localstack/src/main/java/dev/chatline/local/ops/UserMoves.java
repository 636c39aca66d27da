package dev.chatline.local.ops;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Backoff;
import dev.chatline.aws.MessagingClients;
import dev.chatline.cells.DirectoryStore;
import dev.chatline.cells.move.ConnectionsClosing;
import dev.chatline.cells.move.UserMove;
import dev.chatline.cells.move.UserRowsStore;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.schema.CellResources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the operator's {@link UserMove} for a deployment of cells: the directory table {@code
 * chatline-<stage>-directory} (or the one named), every cell's tables in one account and region (the clients'
 * credentials and region), and the {@code @connections} endpoint of each cell users may be moved from.
 * Used by {@link MoveUserCommand} and the end-to-end test, so both run the same graph.
 */
public final class UserMoves {
    private UserMoves() {
    }

    /**
     * @param base region and AWS endpoint (unset on AWS) for every cell
     * @param directoryTable the directory's physical name, or null for {@code chatline-<stage>-directory}
     * @param connections cell → its {@code @connections} endpoint (the stack output {@code ConnectionsUrl})
     */
    public static UserMove userMove(ChatConfig base, String stage, String directoryTable,
                                    Map<String, URI> connections, Duration cacheWait) {
        String table = directoryTable != null ? directoryTable : CellResources.DIRECTORY.physicalName(stage);
        ChatConfig config = stageConfig(base, stage, Map.of(CellResources.DIRECTORY_TABLE_ENV, table));
        AwsClients aws = new AwsClients(config);
        Clock clock = Clock.systemUTC();
        Map<String, ConnectionsClosing.CellEndpoint> endpoints = new LinkedHashMap<>();
        connections.forEach((cell, endpoint) -> {
            ChatConfig cellConfig = stageConfig(base, CellResources.cellStage(stage, cell), Map.of());
            ConnectionStore store = new ConnectionStore(aws.dynamoDb(), cellConfig, clock);
            endpoints.put(cell, new ConnectionsClosing.CellEndpoint(store,
                    new ConnectionSender(MessagingClients.connections(aws, endpoint), store)));
        });
        return new UserMove(new DirectoryStore(aws.dynamoDb(), config), new UserRowsStore(aws.dynamoDb()),
                new ConnectionsClosing(endpoints), stage, clock, Backoff.Sleeper.THREAD, cacheWait);
    }

    private static ChatConfig stageConfig(ChatConfig base, String stage, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put(ChatConfig.STAGE, stage);
        base.get(ChatConfig.REGION).ifPresent(r -> values.put(ChatConfig.REGION, r));
        base.get(ChatConfig.AWS_ENDPOINT).ifPresent(e -> values.put(ChatConfig.AWS_ENDPOINT, e));
        return ChatConfig.of(values);
    }
}
