package dev.chatline.local.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * What API Gateway keeps of the upgrade request: its headers (as the client sent them, plus the
 * {@code X-Forwarded-*} and {@code X-Amzn-Trace-Id} headers API Gateway's front end adds), its query parameters,
 * the client's address and user agent, and the domain name (the {@code Host} header, port included).
 */
record HandshakeRequest(Map<String, List<String>> headers, Map<String, List<String>> query, String sourceIp,
                        String userAgent, String domainName) {

    static HandshakeRequest from(Request request, Instant now) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        String sourceIp = Request.getRemoteAddr(request);
        headers.putIfAbsent("X-Amzn-Trace-Id", List.of(AwsIds.traceId(now)));
        headers.putIfAbsent("X-Forwarded-For", List.of(sourceIp));
        headers.putIfAbsent("X-Forwarded-Port", List.of(String.valueOf(Request.getLocalPort(request))));
        headers.putIfAbsent("X-Forwarded-Proto", List.of(request.isSecure() ? "https" : "http"));
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Fields.Field field : Request.extractQueryParameters(request)) {
            query.put(field.getName(), List.copyOf(field.getValues()));
        }
        String host = request.getHeaders().get("Host");
        String domain = host != null ? host : Request.getLocalAddr(request) + ":" + Request.getLocalPort(request);
        return new HandshakeRequest(headers, query, sourceIp, request.getHeaders().get("User-Agent"), domain);
    }

    /** Single-value view: the last value of each name, as in API Gateway's {@code headers}. */
    static Map<String, String> lastValues(Map<String, List<String>> multi) {
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((name, values) -> single.put(name, values.isEmpty() ? "" : values.get(values.size() - 1)));
        return single;
    }

    /** A header value by case-insensitive name, or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(entry.getValue().size() - 1);
            }
        }
        return null;
    }
}
