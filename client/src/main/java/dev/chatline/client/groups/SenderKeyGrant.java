package dev.chatline.client.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.LocalJson;
import java.nio.charset.StandardCharsets;

/**
 * What a sender-key distribution carries inside its pairwise encryption: the group the key is for and libsignal's
 * {@code SenderKeyDistributionMessage}, as {@code {"groupId":"…","skdm":"<base64>"}}. Naming the group binds the
 * key to it: a receiver refuses a group message whose key was given for another group (a server that replays one
 * group's ciphertext into another group it shares with the sender gets nothing shown).
 */
public record SenderKeyGrant(String groupId, byte[] distributionMessage) {
    public byte[] toBytes() {
        return LocalJson.write(LocalJson.object().put("groupId", groupId).put("skdm", B64.encode(distributionMessage)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a grant; {@link IllegalArgumentException} when it is not one. */
    public static SenderKeyGrant fromBytes(byte[] bytes) {
        try {
            JsonNode node = LocalJson.MAPPER.readTree(bytes);
            if (node == null || !node.path("groupId").isTextual() || !node.path("skdm").isTextual()) {
                throw new IllegalArgumentException("not a sender key grant");
            }
            return new SenderKeyGrant(node.get("groupId").asText(), B64.decode(node.get("skdm").asText()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a sender key grant", e);
        }
    }
}
