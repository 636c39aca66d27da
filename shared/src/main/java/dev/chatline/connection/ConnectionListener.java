package dev.chatline.connection;

import dev.chatline.protocol.Identity;

/** Reacts to connection lifecycle events (presence implements it); called after the connection row is written. */
public interface ConnectionListener {

    /**
     * A connection became live ({@code $connect}, or a heartbeat on a row that had expired or vanished).
     *
     * @param firstLive no other live connection of the user was seen: the user just came online
     */
    void connected(ConnectionRecord connection, boolean firstLive);

    /** A heartbeat on a connection that was still live. */
    void active(Identity identity);

    /**
     * A connection closed ({@code $disconnect}).
     *
     * @param noneLeft no other live connection of the user remains: the user just went offline
     */
    void disconnected(Identity identity, boolean noneLeft);
}
