package dev.chatline.schema;

/** A key attribute of a table or index: its name and DynamoDB scalar type. */
public record KeyAttr(String name, Type type) {

    /** DynamoDB key attribute types. */
    public enum Type { S, N, B }

    public static KeyAttr string(String name) {
        return new KeyAttr(name, Type.S);
    }

    public static KeyAttr number(String name) {
        return new KeyAttr(name, Type.N);
    }
}
