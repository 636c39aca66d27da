package dev.chatline.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class MotoServerTest {

    @Test
    void extensionProvidesAHealthyLoopbackServer(MotoServer server) throws Exception {
        assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
        HttpURLConnection c = (HttpURLConnection) new URL(server.endpoint() + "/moto-api/").openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
        server.reset();
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void closeStopsTheChildProcess() throws Exception {
        MotoServer own = MotoServer.start();
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-p " + own.port()))
                .findFirst().orElseThrow().pid();
        own.close();
        assertThat(own.isAlive()).isFalse();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
