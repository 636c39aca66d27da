package dev.chatline.client.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.client.store.LocalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A group's membership as an admin's client states it: {@code {"groupId","version","members":[…],"admins":[…],
 * "invited":[…]}}. It travels pairwise encrypted ({@code contentType} {@value #CONTENT_TYPE}), so it is
 * authenticated by the admin's identity key through the Signal session: the server can drop it but not forge or
 * change it. Clients hand their sender key only to users a roster names (members, or invited users who joined).
 */
public record GroupRoster(String groupId, long version, List<String> members, List<String> admins,
                          List<String> invited) {
    public static final String CONTENT_TYPE = "signal/roster";

    public GroupRoster {
        members = List.copyOf(new TreeSet<>(members));
        admins = List.copyOf(new TreeSet<>(admins));
        invited = List.copyOf(new TreeSet<>(invited));
    }

    /** Whether this roster vouches for {@code userId} as a member (or as invited: they may have accepted since). */
    public boolean vouchesFor(String userId) {
        return members.contains(userId) || invited.contains(userId);
    }

    public byte[] toBytes() {
        ObjectNode node = LocalJson.object().put("groupId", groupId).put("version", version);
        members.forEach(node.putArray("members")::add);
        admins.forEach(node.putArray("admins")::add);
        invited.forEach(node.putArray("invited")::add);
        return LocalJson.write(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a roster; {@link IllegalArgumentException} when it is not one. */
    public static GroupRoster fromBytes(byte[] bytes) {
        JsonNode node;
        try {
            node = LocalJson.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a group roster", e);
        }
        if (node == null || !node.path("groupId").isTextual() || !node.path("version").canConvertToLong()
                || !node.path("members").isArray() || !node.path("admins").isArray()) {
            throw new IllegalArgumentException("not a group roster");
        }
        return new GroupRoster(node.get("groupId").asText(), node.get("version").asLong(), strings(node.get("members")),
                strings(node.get("admins")), strings(node.path("invited")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The next roster of a group after {@code previous} (version + 1), or the first. */
    public static GroupRoster next(GroupRoster previous, String groupId, Collection<String> members,
                                   Collection<String> admins, Collection<String> invited) {
        return new GroupRoster(groupId, previous == null ? 1 : previous.version() + 1, List.copyOf(members),
                List.copyOf(admins), List.copyOf(invited));
    }
}
