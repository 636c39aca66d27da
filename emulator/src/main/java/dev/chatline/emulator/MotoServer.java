package dev.chatline.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded AWS emulator: a {@code moto_server} (moto 5.2.1) child process on a free loopback port.
 *
 * <p>The child can never outlive this JVM: it runs under a small Python wrapper that exits as soon as its standard
 * input closes, which the operating system does when this JVM exits for any reason (even {@code kill -9}).
 * {@link #close()} and a shutdown hook stop it earlier.
 *
 * <p>The Python interpreter is, in order: {@code $CHATLINE_PYTHON}; the project's {@code .venv/bin/python}
 * (searched upwards from the working directory, created by {@code scripts/ensure-moto.sh}); {@code python3}.
 */
public final class MotoServer implements AutoCloseable {
    /** The moto version this project is tested with. */
    public static final String MOTO_VERSION = "5.2.1";

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The Python program that runs moto_server (resource {@code moto_wrapper.py}): it exits when this JVM's end of
     * its stdin closes, serialises DynamoDB writes (moto is not atomic under concurrency) and replaces moto's
     * TransactWriteItems, which deep-copied every touched table, by one that checks first and backs up only the
     * touched items (see the file).
     */
    private static final Path WRAPPER = writeWrapper();

    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "moto-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The wrapper as a file for the interpreter (a temporary file, deleted when this JVM exits). */
    private static Path writeWrapper() {
        try (var in = MotoServer.class.getResourceAsStream("moto_wrapper.py")) {
            if (in == null) {
                throw new IllegalStateException("moto_wrapper.py is missing from the classpath");
            }
            Path file = Files.createTempFile("chatline-moto-", ".py");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write moto_wrapper.py", e);
        }
    }

    /** Starts moto on a free loopback port and waits until it answers. */
    public static MotoServer start() {
        String python = findPython();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Instant t0 = Instant.now();
                ProcessBuilder pb = new ProcessBuilder(python, WRAPPER.toString(), "-H", "127.0.0.1", "-p",
                        Integer.toString(port));
                pb.redirectErrorStream(true);
                pb.environment().put("PYTHONUNBUFFERED", "1");
                Process p = pb.start();
                OutputDrain.start(p.getInputStream(), "moto");
                MotoServer server = new MotoServer(p, port);
                if (server.awaitHealthy()) {
                    LOG.info("moto {} started on {} in {} ms", MOTO_VERSION, server.endpoint(),
                            Duration.between(t0, Instant.now()).toMillis());
                    return server;
                }
                server.close();
                last = new IOException("moto_server did not become healthy on port " + port);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("Could not start moto_server with " + python + ": " + last.getMessage()
                + ". Run scripts/ensure-moto.sh (needs Python 3) or set CHATLINE_PYTHON.", last);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Deletes every resource in every service ({@code POST /moto-api/reset}). */
    public void reset() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(new byte[0]);
            }
            int code = c.getResponseCode();
            c.disconnect();
            if (code != 200) {
                throw new IllegalStateException("moto reset answered " + code);
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close(); // the wrapper exits when stdin closes
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100); // polling a child process that has no readiness signal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static String findPython() {
        String configured = System.getenv("CHATLINE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return findVenvPython().map(Path::toString).orElse("python3");
    }

    private static Optional<Path> findVenvPython() {
        List<Path> candidates = new ArrayList<>();
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve(".venv/bin/python"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Copies the child's output to the log at debug level so its pipe never fills. */
    private static final class OutputDrain {
        static void start(InputStream in, String name) {
            Thread t = new Thread(() -> {
                try (var reader = new java.io.BufferedReader(
                        new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        LOG.debug("[{}] {}", name, line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, name + "-output");
            t.setDaemon(true);
            t.start();
        }
    }
}
