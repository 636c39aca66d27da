package dev.chatline.local.gateway;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Ids and timestamps in API Gateway's formats: connection, request and message ids are 16 characters of
 * URL-safe base64 ending in {@code =} (e.g. {@code L0SM9cOFvHcCIhw=}), api ids 10 lowercase alphanumerics,
 * {@code requestTime} like {@code 19/Feb/2024:07:11:42 +0000}.
 */
final class AwsIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String API_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private AwsIds() {
    }

    /** 11 random bytes in URL-safe base64: 15 characters and one {@code =}. */
    static String connectionId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    static String requestId() {
        return connectionId();
    }

    static String apiId() {
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(API_ID_CHARS.charAt(RANDOM.nextInt(API_ID_CHARS.length())));
        }
        return id.toString();
    }

    /** An X-Ray trace header value: {@code Root=1-<epoch seconds hex>-<24 hex>}. */
    static String traceId(Instant now) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(bytes);
    }

    static String requestTime(Instant instant) {
        return REQUEST_TIME.format(instant);
    }
}
