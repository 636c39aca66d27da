package dev.chatline.local.capacity;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the messaging benchmark measured per unit of traffic ({@code scripts/bench.sh --usage-file
 * docs/usage-per-message.properties}), checked in as {@value #DEFAULT_FILE}: the one place for these counts, which
 * the capacity planner multiplies by a workload.
 *
 * @param source how and when they were measured (the benchmark's command and date)
 * @param message one 1:1 message to an online recipient with its {@code delivered} and {@code read} receipts
 * @param connect one connection opened ({@code $connect} with its authorizer)
 * @param heartbeat one heartbeat
 * @param heartbeatIntervalSeconds the client's heartbeat interval
 */
public record MeasuredUsage(String source, UsageProfile message, UsageProfile connect, UsageProfile heartbeat,
                            int heartbeatIntervalSeconds) {
    public static final String DEFAULT_FILE = "docs/usage-per-message.properties";

    public static MeasuredUsage load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the measured usage " + file.toAbsolutePath()
                    + " (run from the repository root)", e);
        }
        return new MeasuredUsage(p.getProperty("source", "?"), UsageProfile.readFrom(p, "message."),
                UsageProfile.readFrom(p, "connect."), UsageProfile.readFrom(p, "heartbeat."),
                Integer.parseInt(p.getProperty("heartbeat.intervalSeconds", "300").trim()));
    }

    /** Writes the file, keys sorted, under a comment saying what the figures are. */
    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("source", source);
        message.writeTo(p, "message.");
        connect.writeTo(p, "connect.");
        heartbeat.writeTo(p, "heartbeat.");
        p.setProperty("heartbeat.intervalSeconds", Integer.toString(heartbeatIntervalSeconds));
        StringBuilder text = new StringBuilder("""
                # Billed work per unit of traffic, measured by the messaging benchmark on the local runtime (moto):
                # message.*   one 1:1 message to an online recipient with its delivered and read receipts
                # connect.*   one connection opened ($connect and its authorizer)
                # heartbeat.* one heartbeat (the client sends one every heartbeat.intervalSeconds)
                # Written by scripts/bench.sh --usage-file docs/usage-per-message.properties; do not edit by hand.
                # Read by scripts/capacity.sh (docs/scaling.md). DynamoDB units are computed from item sizes
                # (docs/performance.md); table names are logical (chatline-<stage>-<table>).
                """);
        new TreeMap<>(p).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
