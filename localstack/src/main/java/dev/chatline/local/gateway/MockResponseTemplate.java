package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response template of a mock route (an API Gateway MOCK integration), rendered as API Gateway renders it for
 * a WebSocket message: literal text with {@code $context.<name>} or {@code ${context.<name>}} references to the
 * message's request context (e.g. {@code $context.requestTimeEpoch}, {@code $context.connectionId},
 * {@code $context.authorizer.userId}). That is the whole supported subset: a template using anything else
 * ({@code $input}, {@code $util}, {@code $stageVariables}, {@code #set}, {@code #if}) is refused when the route
 * table is built, so the local runtime never answers differently from AWS without saying so.
 */
final class MockResponseTemplate {
    private static final String NAME = "([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*)";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{context\\." + NAME + "}|\\$context\\." + NAME);
    private static final Pattern UNSUPPORTED = Pattern.compile("\\$|#[A-Za-z{#*\\[]");

    private final String template;

    private MockResponseTemplate(String template) {
        this.template = template;
    }

    /** @throws IllegalArgumentException when the template uses more than {@code $context} references */
    static MockResponseTemplate parse(String template) {
        Matcher unsupported = UNSUPPORTED.matcher(REFERENCE.matcher(template).replaceAll(""));
        if (unsupported.find()) {
            throw new IllegalArgumentException("the local gateway renders only $context references in mock "
                    + "route templates; unsupported at '" + template.substring(Math.max(0, unsupported.start()))
                    + "' in " + template);
        }
        return new MockResponseTemplate(template);
    }

    /**
     * @param requestContext the {@code requestContext} of the MESSAGE event the route would have received
     * @throws IllegalStateException when a reference names no value of the context
     */
    String render(JsonNode requestContext) {
        Matcher reference = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1) != null ? reference.group(1) : reference.group(2);
            reference.appendReplacement(out, Matcher.quoteReplacement(value(requestContext, name)));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static String value(JsonNode requestContext, String name) {
        JsonNode node = requestContext;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        if (!node.isValueNode()) {
            throw new IllegalStateException("$context." + name + " has no value for this message");
        }
        return node.asText();
    }
}
