package dev.chatline.local.bench;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of a DynamoDB item by DynamoDB's documented rules (what capacity units are computed from): attribute
 * names and string values in UTF-8 bytes, binary values in bytes, numbers (significant digits / 2) + 1 bytes,
 * booleans and nulls 1 byte, lists and maps 3 bytes plus 1 byte per element plus their elements.
 */
final class ItemSize {
    private ItemSize() {
    }

    static int of(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    static int of(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        } else if (v.n() != null) {
            return number(v.n());
        } else if (v.b() != null) {
            return v.b().asByteArray().length;
        } else if (v.bool() != null || v.nul() != null) {
            return 1;
        } else if (v.hasM()) {
            return 3 + v.m().size() + of(v.m());
        } else if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToInt(ItemSize::of).sum();
        } else if (v.hasSs()) {
            return v.ss().stream().mapToInt(ItemSize::utf8).sum();
        } else if (v.hasNs()) {
            return v.ns().stream().mapToInt(ItemSize::number).sum();
        } else if (v.hasBs()) {
            return v.bs().stream().mapToInt(b -> b.asByteArray().length).sum();
        }
        return 0;
    }

    static int ofValues(Collection<AttributeValue> values) {
        return values == null ? 0 : values.stream().mapToInt(ItemSize::of).sum();
    }

    private static int number(String n) {
        String digits = n.replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
        return (Math.max(1, digits.length()) + 1) / 2 + 1;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
