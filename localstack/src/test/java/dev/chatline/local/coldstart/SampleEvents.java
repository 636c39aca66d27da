package dev.chatline.local.coldstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample event of every function ({@code events/}), and the data that makes them do real work: alice (phone),
 * bob (tablet) and carol (laptop) connected over WebSocket, bob's keys and push token registered, a message from
 * alice to bob. The authorizer's sample gets a valid token for alice's phone (the sample's own is not signed).
 */
final class SampleEvents implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path work;
    private final LocalRuntime runtime;
    private final List<WsTestClient> clients = new ArrayList<>();

    SampleEvents(LocalRuntime runtime, Path work) {
        this.runtime = runtime;
        this.work = work;
        this.dir = eventsDir();
    }

    /** Connects the devices and writes their data, as their apps would. */
    void seed() throws Exception {
        WsTestClient alice = connect("alice", "phone");
        WsTestClient bob = connect("bob", "tablet");
        connect("carol", "laptop");
        bob.send(Json.read(Files.readString(file(FunctionCatalog.KEYS_UPLOAD))).path("body").asText());
        bob.awaitContaining("\"r-30\"", WAIT);
        bob.send(Json.read(Files.readString(file(FunctionCatalog.REGISTER_PUSH))).path("body").asText());
        bob.awaitContaining("\"r-32\"", WAIT);
        alice.send(dev.chatline.protocol.SendMessage.direct("7c1d6a52-0f7e-4a8e-9d0b-3f2e1c4b5a69", "bob", "aGk=",
                null), "seed");
        alice.await(dev.chatline.protocol.Acks.SendMessageAck.class, ack -> true, WAIT);
    }

    /** The event file to invoke a function with (the authorizer's with a fresh token). */
    Path eventFor(FunctionDef def) {
        Path sample = file(def);
        if (!(def.trigger() instanceof Trigger.Authorizer)) {
            return sample;
        }
        try {
            ObjectNode event = (ObjectNode) Json.read(Files.readString(sample));
            String token = runtime.tokens().issue("alice", "phone", Duration.ofHours(1));
            ((ObjectNode) event.path("queryStringParameters")).put("token", token);
            event.remove("multiValueQueryStringParameters");
            Path out = work.resolve("authorizer-request.json");
            Files.writeString(out, Json.write(event));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** authorizer-request, sqs-fanout, sns-push, ws-connect, ws-disconnect, ws-message-default, ws-message-X. */
    private Path file(FunctionDef def) {
        String name;
        if (def.trigger() instanceof Trigger.Authorizer) {
            name = "authorizer-request";
        } else if (def.trigger() instanceof Trigger.Queue) {
            name = "sqs-fanout";
        } else if (def.trigger() instanceof Trigger.Topic) {
            name = "sns-push";
        } else {
            String route = ((Trigger.Route) def.trigger()).routeKey();
            name = switch (route) {
                case "$connect" -> "ws-connect";
                case "$disconnect" -> "ws-disconnect";
                case "$default" -> "ws-message-default";
                default -> "ws-message-" + route;
            };
        }
        Path file = dir.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no sample event for " + def.name() + ": " + file);
        }
        return file;
    }

    private WsTestClient connect(String user, String device) {
        WsTestClient client = WsTestClient.connect(runtime.websocketUrl(),
                runtime.tokens().issue(user, device, Duration.ofHours(1)));
        clients.add(client);
        return client;
    }

    private static Path eventsDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("events").resolve("ws-connect.json"))) {
                return d.resolve("events");
            }
        }
        throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
    }
}
