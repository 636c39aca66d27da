package dev.chatline.local.capacity;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * AWS list prices and the labelled assumptions of {@code docs/aws-prices.properties} (the one place for them), read
 * by the benchmark (dollars per message) and the capacity planner (dollars per day).
 * {@code -Dchatline.prices=<file>} reads another file. Every key is required: a missing price is an error, not 0.
 */
public final class PriceTable {
    public static final String DEFAULT_FILE = "docs/aws-prices.properties";
    private static final double MILLION = 1_000_000.0;

    private final Properties values;
    private final Path file;

    private PriceTable(Properties values, Path file) {
        this.values = values;
        this.file = file;
    }

    /** The file {@code -Dchatline.prices} names, else {@value #DEFAULT_FILE} (from the repository root). */
    public static PriceTable load() {
        return load(Path.of(System.getProperty("chatline.prices", DEFAULT_FILE)));
    }

    public static PriceTable load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the price table " + file.toAbsolutePath()
                    + " (run from the repository root or set -Dchatline.prices)", e);
        }
        return new PriceTable(p, file);
    }

    /** "docs/aws-prices.properties (us-east-1, late 2026 …)". */
    public String source() {
        return file + " (" + text("prices.region") + ", " + text("prices.date") + ")";
    }

    public double apiGatewayPerMessage() {
        return perMillion("apigateway.usdPerMillionMessages");
    }

    public int apiGatewayUnitBytes() {
        return integer("apigateway.messageUnitBytes");
    }

    public double apiGatewayPerConnectionMinute() {
        return perMillion("apigateway.usdPerMillionConnectionMinutes");
    }

    public double lambdaPerRequest() {
        return perMillion("lambda.usdPerMillionRequests");
    }

    public double lambdaPerGbSecond() {
        return number("lambda.usdPerGbSecond");
    }

    public double dynamoPerWriteUnit() {
        return perMillion("dynamodb.usdPerMillionWriteUnits");
    }

    public double dynamoPerReadUnit() {
        return perMillion("dynamodb.usdPerMillionReadUnits");
    }

    public double sqsPerRequest() {
        return perMillion("sqs.usdPerMillionRequests");
    }

    public int sqsChunkBytes() {
        return integer("sqs.requestChunkBytes");
    }

    public double snsPerPublish() {
        return perMillion("sns.usdPerMillionPublishes");
    }

    public int snsChunkBytes() {
        return integer("sns.publishChunkBytes");
    }

    public double logsPerByte() {
        return number("cloudwatch.usdPerGbLogsIngested") / (1024.0 * 1024 * 1024);
    }

    public double xrayPerTrace() {
        return perMillion("xray.usdPerMillionTracesRecorded");
    }

    /** ASSUMPTION: average billed ms of one warm invocation of {@code function} on AWS. */
    public double assumedBilledMs(String function) {
        String specific = values.getProperty("assume.lambda.billedMs." + function);
        return specific != null ? Double.parseDouble(specific.trim()) : number("assume.lambda.billedMs.default");
    }

    /** ASSUMPTION: CloudWatch Logs bytes ingested per invocation. */
    public double assumedLogBytesPerInvocation() {
        return number("assume.logs.bytesPerInvocation");
    }

    /** ASSUMPTION: share of invocations recorded as X-Ray traces. */
    public double assumedXraySampledShare() {
        return number("assume.xray.sampledShare");
    }

    /** ASSUMPTION: bytes of a typical 1:1 message body. */
    public int assumedBodyBytes() {
        return integer("assume.message.bodyBytes");
    }

    private double perMillion(String key) {
        return number(key) / MILLION;
    }

    private int integer(String key) {
        return Integer.parseInt(text(key));
    }

    private double number(String key) {
        return Double.parseDouble(text(key));
    }

    private String text(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(file + " has no " + key);
        }
        return v.trim();
    }
}
