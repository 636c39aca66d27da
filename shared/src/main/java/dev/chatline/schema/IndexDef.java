package dev.chatline.schema;

/**
 * A global secondary index. Reads through a GSI are eventually consistent: never use one
 * where a read must see a write that just happened.
 *
 * @param keysOnly project only the keys (plus the table keys) instead of ALL attributes
 */
public record IndexDef(String name, KeyAttr partitionKey, KeyAttr sortKey, boolean keysOnly) {
}
