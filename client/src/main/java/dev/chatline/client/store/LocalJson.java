package dev.chatline.client.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of the client's own formats, never of a wire frame: plaintexts inside encrypted messages (contents,
 * rosters, sender key grants, signed device lists), the CLI profile. Frames go through the protocol module's
 * {@code ProtocolJson} only.
 */
public final class LocalJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private LocalJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A required text field; a missing one makes the document invalid. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("JSON without text field '" + field + "'");
        }
        return value.asText();
    }
}
