package dev.chatline.functions.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.observability.Metrics;
import dev.chatline.testing.TwoCells;
import dev.chatline.wiring.ConnectionGraph;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code $connect} in a deployment of two cells: the sample event's user (alice) signs up in the first it reaches. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellConnectTest {
    private TwoCells cells;

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "fc", Map.of());
    }

    @AfterAll
    void close() {
        cells.close();
    }

    private static ConnectHandler handler(TwoCells.Cell cell) {
        ConnectionGraph graph = new ConnectionGraph(cell.f().base);
        return new ConnectHandler(graph.connectionService(), graph.cellAdmission(), graph.routeGuard(),
                Metrics.NOOP, Clock.systemUTC());
    }

    @Test
    void aUserSignsUpInTheFirstCellItConnectsToAndIsRefusedByTheOthers() {
        long now = System.currentTimeMillis();
        assertThat(handler(cells.a).handleRequest(WsEvents.connect("a1=", now, Map.of()), null).getStatusCode())
                .isEqualTo(200);
        assertThat(cells.a.f().graph.cells().router().fresh("alice").orElseThrow().devices().deviceIds())
                .containsExactly("phone");

        assertThat(handler(cells.b).handleRequest(WsEvents.connect("b1=", now, Map.of()), null).getStatusCode())
                .isEqualTo(ConnectHandler.WRONG_CELL);
        assertThat(cells.b.f().connections.liveConnections("alice")).isEmpty();
        assertThat(cells.b.f().devices.deviceIds("alice")).isEmpty();
        // the home still admits the user
        assertThat(handler(cells.a).handleRequest(WsEvents.connect("a2=", now, Map.of()), null).getStatusCode())
                .isEqualTo(200);
    }
}
