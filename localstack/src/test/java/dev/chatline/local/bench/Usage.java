package dev.chatline.local.bench;

import java.util.Map;

/**
 * Everything billed that happened since the meters were reset: AWS calls and their billed request units by
 * "Service Operation", DynamoDB write/read request units, API Gateway messages (32 KB units) in each direction and
 * Lambda invocations per function.
 */
record Usage(Map<String, Long> calls, Map<String, Long> billed, double writeUnits, double readUnits,
             double motoReportedUnits, long messagesIn, long messagesOut, Map<String, Long> invocations) {

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
