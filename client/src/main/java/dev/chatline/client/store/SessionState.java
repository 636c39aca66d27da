package dev.chatline.client.store;

import java.util.TreeMap;

/** {@code sessions.json}: pairwise sessions, remote identities and sender keys, base64 records. */
public final class SessionState {
    /** Device address name ({@code userId#deviceId}) → serialized {@code SessionRecord}. */
    public TreeMap<String, String> sessions = new TreeMap<>();
    /** Device address name → the remote identity key seen last (trust on first use). */
    public TreeMap<String, String> identities = new TreeMap<>();
    /** "{@code userId#deviceId}/distributionId" → serialized {@code SenderKeyRecord}. */
    public TreeMap<String, String> senderKeys = new TreeMap<>();
}
