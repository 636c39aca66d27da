package dev.chatline.functions.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.protocol.Acks;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

/** The replies API Gateway renders for the mock routes are frames of the protocol's records too. */
class MockRoutesTest {

    @Test
    void everyMockRoutesReplyIsAnAckRecordNamingItsRoute() {
        for (MockRoute route : MockRoutes.ALL) {
            String reply = route.responseTemplate().replaceAll("\\$context\\.\\w+", "1748779200000");
            ServerFrame frame = ProtocolJson.decodeFrame(reply);
            assertThat(frame).as(route.routeKey()).isInstanceOf(Acks.Named.class);
            assertThat(((Acks.Named) frame).action()).isEqualTo(route.routeKey());
            assertThat(Json.read(ProtocolJson.encode(frame))).isEqualTo(Json.read(reply));
        }
    }
}
