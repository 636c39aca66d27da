package dev.chatline.local.capacity;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The billed work of one unit of traffic, as the messaging benchmark measured it on the local runtime: a 1:1 message
 * with its {@code delivered} and {@code read} receipts, a connect, or a heartbeat. Written by the benchmark into
 * {@value MeasuredUsage#DEFAULT_FILE} and read from there by the capacity planner, so the figures exist once.
 *
 * @param apiGatewayIn client → server WebSocket messages (32 KB units)
 * @param apiGatewayOut server → client messages (route responses and {@code @connections} posts)
 * @param invocations Lambda invocations by catalog function name
 * @param dynamoCalls DynamoDB API calls
 * @param writeUnits DynamoDB write request units by logical table name
 * @param readUnits DynamoDB read request units by logical table name
 * @param sqsRequests billed SQS requests (64 KB chunks), the event source's polls included
 * @param snsPublishes billed SNS publishes (push requests for offline devices)
 * @param connectionPosts {@code @connections} PostToConnection calls
 */
public record UsageProfile(double apiGatewayIn, double apiGatewayOut, Map<String, Double> invocations,
                           double dynamoCalls, Map<String, Double> writeUnits, Map<String, Double> readUnits,
                           double sqsRequests, double snsPublishes, double connectionPosts) {

    public UsageProfile {
        invocations = Map.copyOf(invocations);
        writeUnits = Map.copyOf(writeUnits);
        readUnits = Map.copyOf(readUnits);
    }

    public double apiGatewayMessages() {
        return apiGatewayIn + apiGatewayOut;
    }

    public double totalInvocations() {
        return sum(invocations);
    }

    public double totalWriteUnits() {
        return sum(writeUnits);
    }

    public double totalReadUnits() {
        return sum(readUnits);
    }

    /** Everything of this profile {@code n} times (e.g. a message profile × messages per second). */
    public UsageProfile times(double n) {
        return new UsageProfile(apiGatewayIn * n, apiGatewayOut * n, scale(invocations, n), dynamoCalls * n,
                scale(writeUnits, n), scale(readUnits, n), sqsRequests * n, snsPublishes * n, connectionPosts * n);
    }

    /** This profile and {@code other} together. */
    public UsageProfile plus(UsageProfile other) {
        return new UsageProfile(apiGatewayIn + other.apiGatewayIn, apiGatewayOut + other.apiGatewayOut,
                merge(invocations, other.invocations), dynamoCalls + other.dynamoCalls,
                merge(writeUnits, other.writeUnits), merge(readUnits, other.readUnits),
                sqsRequests + other.sqsRequests, snsPublishes + other.snsPublishes,
                connectionPosts + other.connectionPosts);
    }

    private static Map<String, Double> scale(Map<String, Double> values, double n) {
        Map<String, Double> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, v * n));
        return out;
    }

    private static Map<String, Double> merge(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Double::sum));
        return out;
    }

    /** Adds this profile under {@code prefix.} (e.g. {@code message.dynamodb.writeUnits.inbox=2.00}). */
    void writeTo(Properties p, String prefix) {
        put(p, prefix + "apiGateway.messagesIn", apiGatewayIn);
        put(p, prefix + "apiGateway.messagesOut", apiGatewayOut);
        invocations.forEach((fn, n) -> put(p, prefix + "lambda.invocations." + fn, n));
        put(p, prefix + "dynamodb.calls", dynamoCalls);
        writeUnits.forEach((t, n) -> put(p, prefix + "dynamodb.writeUnits." + t, n));
        readUnits.forEach((t, n) -> put(p, prefix + "dynamodb.readUnits." + t, n));
        put(p, prefix + "sqs.requests", sqsRequests);
        put(p, prefix + "sns.publishes", snsPublishes);
        put(p, prefix + "connections.posts", connectionPosts);
    }

    /** The profile under {@code prefix.}; every scalar key is required. */
    static UsageProfile readFrom(Properties p, String prefix) {
        return new UsageProfile(number(p, prefix + "apiGateway.messagesIn"),
                number(p, prefix + "apiGateway.messagesOut"), group(p, prefix + "lambda.invocations."),
                number(p, prefix + "dynamodb.calls"), group(p, prefix + "dynamodb.writeUnits."),
                group(p, prefix + "dynamodb.readUnits."), number(p, prefix + "sqs.requests"),
                number(p, prefix + "sns.publishes"), number(p, prefix + "connections.posts"));
    }

    private static void put(Properties p, String key, double value) {
        p.setProperty(key, String.format(java.util.Locale.ROOT, "%.4f", value));
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("the measured usage has no " + key);
        }
        return Double.parseDouble(v.trim());
    }

    private static Map<String, Double> group(Properties p, String prefix) {
        Map<String, Double> out = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> out.put(k.substring(prefix.length()), Double.parseDouble(p.getProperty(k).trim())));
        return out;
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
