package dev.chatline.local.gateway;

/** Observes connections (for logging in the local runtime). Called on gateway threads; must not block. */
public interface GatewayListener {

    /** The handshake completed ({@code $connect} accepted). */
    default void onConnect(ConnectionInfo connection) {
    }

    /** The socket closed, with the code and reason {@code $disconnect} receives. */
    default void onDisconnect(ConnectionInfo connection, int statusCode, String reason) {
    }
}
