package dev.chatline.local.reliability;

/** The kinds of hostile change {@link FrameMutator} makes to a valid frame. */
enum Mutation {
    /** A field (nested ones too) gets a value of another JSON type. */
    WRONG_TYPE,
    /** A field or array element is removed. */
    MISSING_FIELD,
    /** A field becomes a number at an edge: 0, -1, -0, fractions, ±1e400, beyond long, beyond int. */
    NUMBER_EDGE,
    /** A field becomes a string of 65 bytes up to the frame quota (ASCII or multi-byte). */
    LONG_STRING,
    /** A field becomes "" or " ". */
    EMPTY_STRING,
    /** A field becomes right-to-left or zero-width text, NUL, emoji, combining marks, lone surrogates. */
    UNICODE,
    /** A field becomes text that means something elsewhere: key separators, chat-id shapes, template syntax. */
    INJECTION,
    /** A chat, message, group or media id of the victims replaces the attacker's own. */
    FOREIGN_ID,
    /** A field appears twice, with another value, before or after the original. */
    DUPLICATE_FIELD,
    /** A field becomes an array nested 20 to 5,000 levels deep. */
    DEEP_NESTING,
    /** An object becomes an array or the other way round, a scalar is wrapped; sometimes the whole frame. */
    SHAPE_SWAP,
    /** 1 to 400 unknown fields, named like internal or other users' fields. */
    EXTRA_FIELDS,
    /** An array gets 0 to 1,000 elements, some of another type. */
    ARRAY_SIZE,
    /** The action is another type, another case, padded, a special route, or names another action. */
    ACTION,
    /** Not one JSON object: cut, trailing garbage, single quotes, comments, a bare value, nothing. */
    BROKEN_JSON,
    /** Two or three of the field mutations at once. */
    COMBINED
}
