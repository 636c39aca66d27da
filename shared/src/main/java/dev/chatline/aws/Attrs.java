package dev.chatline.aws;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tiny conversions between Java values and DynamoDB attribute values, for the store classes. */
public final class Attrs {
    private Attrs() {
    }

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    public static AttributeValue b(byte[] v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    /** The binary attribute's bytes, or null when absent. */
    public static byte[] bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArray();
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static long num(Map<String, AttributeValue> item, String name, long orElse) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? orElse : Long.parseLong(v.n());
    }

    /** Whether an item with a TTL attribute (epoch seconds) is still alive at {@code nowSeconds}. */
    public static boolean alive(Map<String, AttributeValue> item, String ttlAttribute, long nowSeconds) {
        return num(item, ttlAttribute, Long.MAX_VALUE) > nowSeconds;
    }
}
