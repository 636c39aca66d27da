package dev.chatline.connection;

import dev.chatline.auth.Identity;

/** Reacts to connection lifecycle events (presence implements it); called after the connection row is written. */
public interface ConnectionListener {

    /**
     * A connection became live ({@code $connect}).
     *
     * @param firstLive no other live connection of the user was seen: the user just came online
     */
    void connected(ConnectionRecord connection, boolean firstLive);

    /**
     * A connection closed ({@code $disconnect}).
     *
     * @param noneLeft no other live connection of the user remains: the user just went offline
     */
    void disconnected(Identity identity, boolean noneLeft);
}
