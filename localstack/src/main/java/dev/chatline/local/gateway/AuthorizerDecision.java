package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What API Gateway makes of a Lambda REQUEST authorizer's answer on {@code $connect}: an IAM policy whose
 * statements allow {@code execute-api:Invoke} on the method ARN → the connection proceeds and
 * {@code principalId} plus the policy's {@code context} (values stringified) become
 * {@code requestContext.authorizer} of every later event; an explicit or implicit deny → 403; the function failing
 * with the message {@code Unauthorized} → 401; any other failure or an unreadable policy → 500.
 *
 * @param status 0 to proceed, else the HTTP status refusing the handshake
 */
record AuthorizerDecision(int status, Map<String, Object> context) {

    static AuthorizerDecision unauthorized() {
        return new AuthorizerDecision(401, null);
    }

    static AuthorizerDecision error() {
        return new AuthorizerDecision(500, null);
    }

    boolean allowed() {
        return status == 0;
    }

    static AuthorizerDecision fromPolicy(String resultJson, String methodArn, long latencyMillis) {
        JsonNode result;
        try {
            result = GatewayJson.MAPPER.readTree(resultJson);
        } catch (Exception e) {
            return error();
        }
        JsonNode statements = result == null ? null : result.path("policyDocument").get("Statement");
        if (statements == null || !statements.isArray() || !result.hasNonNull("principalId")) {
            return error();
        }
        boolean allow = false;
        for (JsonNode statement : statements) {
            if (!matches(statement.get("Resource"), methodArn) || !matchesAction(statement.get("Action"))) {
                continue;
            }
            String effect = statement.path("Effect").asText("");
            if (effect.equalsIgnoreCase("Deny")) {
                return new AuthorizerDecision(403, null);
            }
            allow |= effect.equalsIgnoreCase("Allow");
        }
        if (!allow) {
            return new AuthorizerDecision(403, null);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("principalId", result.get("principalId").asText());
        JsonNode policyContext = result.get("context");
        if (policyContext != null && policyContext.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = policyContext.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                context.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        context.put("integrationLatency", latencyMillis);
        return new AuthorizerDecision(0, context);
    }

    private static boolean matchesAction(JsonNode action) {
        return anyMatches(action, value -> value.equals("*") || value.equalsIgnoreCase("execute-api:*")
                || value.equalsIgnoreCase("execute-api:Invoke"));
    }

    private static boolean matches(JsonNode resource, String methodArn) {
        return anyMatches(resource, value -> arnMatches(value, methodArn));
    }

    private static boolean anyMatches(JsonNode node, java.util.function.Predicate<String> test) {
        if (node == null) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (test.test(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return test.test(node.asText());
    }

    /** IAM resource matching with {@code *} and {@code ?} wildcards. */
    static boolean arnMatches(String pattern, String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return arn.matches(regex.toString()) || pattern.toLowerCase(Locale.ROOT).equals("*");
    }
}
