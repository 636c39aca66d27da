package dev.chatline.local.bench;

import dev.chatline.local.capacity.UsageProfile;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything billed that happened since the meters were reset: AWS calls and their billed request units by
 * "Service Operation", DynamoDB write/read request units, API Gateway messages (32 KB units) in each direction and
 * Lambda invocations per function.
 */
record Usage(Map<String, Long> calls, Map<String, Long> billed, double writeUnits, double readUnits,
             double motoReportedUnits, long messagesIn, long messagesOut, Map<String, Long> invocations,
             Map<String, Double> writeUnitsByTable, Map<String, Double> readUnitsByTable) {

    /** This usage per unit of work, tables by physical name (what pricing needs). */
    UsageProfile profile(double per) {
        return profile(per, null);
    }

    /** This usage per unit of work ({@code per} units), with logical table names, as the planner reads it. */
    UsageProfile profile(double per, String stage) {
        Map<String, Double> fns = new TreeMap<>();
        invocations.forEach((fn, n) -> fns.put(fn, n / per));
        return new UsageProfile(messagesIn / per, messagesOut / per, fns, callsOf("DynamoDb") / per,
                logical(writeUnitsByTable, per, stage), logical(readUnitsByTable, per, stage),
                billedOf("Sqs") / per, billedOf("Sns") / per,
                calls.getOrDefault("ApiGatewayManagementApi PostToConnection", 0L) / per);
    }

    private static Map<String, Double> logical(Map<String, Double> byPhysical, double per, String stage) {
        Map<String, Double> out = new TreeMap<>();
        byPhysical.forEach((table, units) -> out.put(stage == null ? table : Tables.ALL.stream()
                .filter(t -> t.physicalName(stage).equals(table)).map(TableDef::logicalName).findFirst()
                .orElse(table), units / per));
        return out;
    }

    /** Client → server plus server → client messages. */
    long apiGatewayMessages() {
        return messagesIn + messagesOut;
    }

    long invocationCount() {
        return invocations.values().stream().mapToLong(Long::longValue).sum();
    }

    long callsOf(String service) {
        return sumOf(calls, service);
    }

    long billedOf(String service) {
        return sumOf(billed, service);
    }

    private static long sumOf(Map<String, Long> byOperation, String service) {
        return byOperation.entrySet().stream().filter(e -> e.getKey().startsWith(service + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
