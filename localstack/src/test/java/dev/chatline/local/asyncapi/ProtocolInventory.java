package dev.chatline.local.asyncapi;

import java.util.Map;
import java.util.Set;

/**
 * What the code says the WebSocket protocol is, for comparing with docs/asyncapi.yaml and docs/protocol.md:
 * {@link RecordInventory} reads it from the protocol module's records (one per client action and server frame).
 */
interface ProtocolInventory {
    /** The client actions: every route key but {@code $connect}, {@code $disconnect}, {@code $default}. */
    Set<String> actions();

    /** The routes answered without a function (their replies are rendered by API Gateway). */
    Set<String> mockRoutes();

    /** Every error code. */
    Set<String> errorCodes();

    /** Every server frame {@code type}, with where it is rendered (for the failure message). */
    Map<String, String> frameTypes();

    /** The {@code action} of every {@code ack} frame that names one, with where it is rendered. */
    Map<String, String> ackActions();

    /** Every top-level field of some action's record (and the envelope's), with the record that has it. */
    Map<String, String> requestFields();
}
