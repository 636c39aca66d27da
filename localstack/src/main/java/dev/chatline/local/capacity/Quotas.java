package dev.chatline.local.capacity;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The AWS quotas of {@value #DEFAULT_FILE} (the one place for them): per quota its default and the ceiling a cell is
 * planned not to exceed (an assumption: what AWS grants one account-region on request), the per-partition and
 * per-message-group limits, FCM's per-project rate and the labelled assumptions about pushes.
 */
public final class Quotas {
    public static final String DEFAULT_FILE = "docs/aws-quotas.properties";

    /** A quota per account-region: what AWS gives by default and the most a cell is planned to use. */
    public record Quota(String name, String key, double defaultValue, double ceiling) {
    }

    private final Properties values;
    private final Path file;

    private Quotas(Properties values, Path file) {
        this.values = values;
        this.file = file;
    }

    public static Quotas load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the quotas " + file.toAbsolutePath()
                    + " (run from the repository root)", e);
        }
        return new Quotas(p, file);
    }

    public String source() {
        return file + " (" + values.getProperty("quotas.source", "?") + ")";
    }

    public Quota newConnections() {
        return quota("API Gateway new connections/s", "apigateway.newConnectionsPerSecond");
    }

    public Quota apiRequests() {
        return quota("API Gateway requests/s", "apigateway.requestsPerSecond");
    }

    public Quota lambdaConcurrency() {
        return quota("Lambda concurrency", "lambda.concurrency");
    }

    public Quota fifoPerQueue() {
        return quota("SQS FIFO transactions/s per queue", "sqs.fifoTransactionsPerSecondPerQueue");
    }

    public Quota snsPublishes() {
        return quota("SNS publishes/s", "sns.publishesPerSecond");
    }

    public Quota tableWriteUnits() {
        return quota("DynamoDB WRU/s per table", "dynamodb.tableWriteUnitsPerSecond");
    }

    public Quota tableReadUnits() {
        return quota("DynamoDB RRU/s per table", "dynamodb.tableReadUnitsPerSecond");
    }

    public double fifoPerGroup() {
        return number("sqs.fifoTransactionsPerSecondPerGroup");
    }

    public double fcmPerProject() {
        return number("fcm.messagesPerSecondPerProject");
    }

    public double partitionWriteUnits() {
        return number("dynamodb.partitionWriteUnitsPerSecond");
    }

    public double partitionReadUnits() {
        return number("dynamodb.partitionReadUnitsPerSecond");
    }

    /** ASSUMPTION: DynamoDB write units of one push (token read, window claim and update). */
    public double assumedPushWriteUnits() {
        return number("assume.push.writeUnits");
    }

    /** ASSUMPTION: DynamoDB read units of one push. */
    public double assumedPushReadUnits() {
        return number("assume.push.readUnits");
    }

    private Quota quota(String name, String key) {
        return new Quota(name, key, number(key + ".default"), number(key + ".ceiling"));
    }

    private double number(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(file + " has no " + key);
        }
        return Double.parseDouble(v.trim());
    }
}
