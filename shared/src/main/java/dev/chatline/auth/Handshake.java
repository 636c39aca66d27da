package dev.chatline.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a client puts its token in the WebSocket handshake: the query parameter {@value #TOKEN_PARAM}, or the
 * {@value #SUBPROTOCOL_HEADER} header as {@code chatline.v1, <jwt>} (browsers cannot set other headers). The
 * server then answers with the subprotocol {@value #SUBPROTOCOL} only, never echoing the token.
 */
public final class Handshake {
    public static final String TOKEN_PARAM = "token";
    /** The device id for tokens without a device claim (see {@link TokenVerifier#verify(String, Optional)}). */
    public static final String DEVICE_PARAM = "deviceId";
    public static final String SUBPROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    public static final String SUBPROTOCOL = "chatline.v1";
    /** A compact JWS: three base64url segments. */
    private static final Pattern COMPACT_JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private Handshake() {
    }

    /** The token from the query parameter, else the JWT entry of the subprotocol header. */
    public static Optional<String> token(Map<String, String> queryParameters, Map<String, String> headers) {
        String query = queryParameters == null ? null : queryParameters.get(TOKEN_PARAM);
        if (query != null && !query.isBlank()) {
            return Optional.of(query.trim());
        }
        return subprotocols(headers).filter(p -> COMPACT_JWT.matcher(p).matches()).findFirst();
    }

    /** The {@value #DEVICE_PARAM} query parameter, if present and not blank. */
    public static Optional<String> deviceId(Map<String, String> queryParameters) {
        String device = queryParameters == null ? null : queryParameters.get(DEVICE_PARAM);
        return device == null || device.isBlank() ? Optional.empty() : Optional.of(device.trim());
    }

    /** Whether the client offered the {@value #SUBPROTOCOL} subprotocol (then the handshake must select it). */
    public static boolean offersSubprotocol(Map<String, String> headers) {
        return subprotocols(headers).anyMatch(SUBPROTOCOL::equals);
    }

    /** A header value by case-insensitive name. */
    public static Optional<String> header(Map<String, String> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).filter(v -> v != null).findFirst();
    }

    private static java.util.stream.Stream<String> subprotocols(Map<String, String> headers) {
        return header(headers, SUBPROTOCOL_HEADER).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(p -> !p.isEmpty());
    }
}
