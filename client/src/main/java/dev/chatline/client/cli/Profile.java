package dev.chatline.client.cli;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.OwnerOnlyFiles;
import dev.chatline.client.store.LocalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A logged-in device of the CLI: {@code <home>/<user>#<device>/profile.json} (server, stage, ids) next to the
 * device's key store in {@code store/}. {@code <home>/current} names the device the commands use by default.
 */
record Profile(String server, String stage, String userId, String deviceId) {
    static Path directory(Path home, DeviceAddress device) {
        return home.resolve(device.name());
    }

    Path directory(Path home) {
        return directory(home, device());
    }

    Path storeDirectory(Path home) {
        return directory(home).resolve("store");
    }

    DeviceAddress device() {
        return new DeviceAddress(userId, deviceId);
    }

    /** {@code ws://host:port/<stage>} for an {@code http://host:port} server. */
    URI websocketUrl() {
        String base = server.replaceFirst("^http", "ws");
        return URI.create(base + (base.endsWith("/") ? "" : "/") + stage);
    }

    void save(Path home) {
        try {
            OwnerOnlyFiles.createDirectories(directory(home));
            OwnerOnlyFiles.write(directory(home).resolve("profile.json"), LocalJson.write(this).getBytes(StandardCharsets.UTF_8));
            OwnerOnlyFiles.write(home.resolve("current"), device().name().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profile named by {@code as} ({@code user#device} or {@code user/device}), else the current one. */
    static Profile load(Path home, String as) {
        try {
            String name = as != null ? as.replace('/', '#') : Files.readString(home.resolve("current")).trim();
            Path file = home.resolve(name).resolve("profile.json");
            if (!Files.exists(file)) {
                throw new IllegalStateException("not logged in as " + name + ": run 'login' first");
            }
            return LocalJson.MAPPER.readValue(file.toFile(), Profile.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("not logged in: run 'login' first");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A development token from the local runtime ({@code POST /_local/token}); on AWS pass a Cognito token with
     * {@code --token} instead.
     */
    String devToken() {
        String body = LocalJson.write(java.util.Map.of("userId", userId, "deviceId", deviceId));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + "/_local/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request refused: HTTP " + response.statusCode());
            }
            return LocalJson.text(LocalJson.parse(response.body()), "token");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + server + " (is scripts/run-local.sh running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
