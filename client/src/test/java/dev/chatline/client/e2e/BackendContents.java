package dev.chatline.client.e2e;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Everything the backend holds or passed on after a run, as text: every item of every table in {@link Tables#ALL}
 * (Scan, paginated), every object of every S3 bucket, and every SQS/SNS message sent ({@link PublishedMessages}).
 * Base64 runs inside it are decoded too, so a plaintext that was merely base64-encoded is still found.
 */
public final class BackendContents {
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");

    private final List<String> texts = new ArrayList<>();
    private int items;
    private int objects;

    public static BackendContents read(AwsClients aws) {
        BackendContents c = new BackendContents();
        for (TableDef table : Tables.ALL) {
            aws.dynamoDb().scanPaginator(r -> r.tableName(aws.config().tableName(table)).consistentRead(true))
                    .items().forEach(item -> {
                        c.items++;
                        c.texts.add(render(item));
                    });
        }
        try (S3Client s3 = S3Clients.s3(aws)) {
            s3.listBuckets().buckets().forEach(bucket -> {
                for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket.name())).contents()) {
                    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(bucket.name()).key(o.key()));
                    c.objects++;
                    c.texts.add(o.key() + " " + new String(bytes.asByteArray(), StandardCharsets.ISO_8859_1));
                }
            });
        }
        c.texts.addAll(PublishedMessages.bodies());
        return c;
    }

    public int items() {
        return items;
    }

    public int objects() {
        return objects;
    }

    public int published() {
        return PublishedMessages.bodies().size();
    }

    /** The texts (raw, and with base64 runs decoded) that contain {@code plaintext}. */
    public List<String> containing(String plaintext) {
        byte[] needle = plaintext.getBytes(StandardCharsets.UTF_8);
        String asLatin1 = new String(needle, StandardCharsets.ISO_8859_1);
        List<String> hits = new ArrayList<>();
        for (String text : texts) {
            if (text.contains(plaintext) || text.contains(asLatin1) || decodedRuns(text).contains(asLatin1)) {
                hits.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
            }
        }
        return hits;
    }

    /** The texts (raw, and with base64 runs decoded) that contain these bytes, raw or base64-encoded. */
    public List<String> containing(byte[] secret) {
        String raw = new String(secret, StandardCharsets.ISO_8859_1);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(secret);
        List<String> hits = new ArrayList<>();
        for (String text : texts) {
            if (text.contains(raw) || text.contains(encoded) || decodedRuns(text).contains(raw)) {
                hits.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
            }
        }
        return hits;
    }

    private static String decodedRuns(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = BASE64.matcher(text);
        while (m.find()) {
            String run = m.group();
            for (int trim = 0; trim < 4 && run.length() - trim >= 16; trim++) {
                String candidate = run.substring(0, run.length() - trim);
                try {
                    out.append(new String(Base64.getDecoder().decode(candidate), StandardCharsets.ISO_8859_1)).append('\n');
                    break;
                } catch (IllegalArgumentException notBase64) {
                    // try a shorter run
                }
            }
        }
        return out.toString();
    }

    private static String render(Map<String, AttributeValue> item) {
        StringBuilder sb = new StringBuilder();
        item.forEach((k, v) -> sb.append(k).append('=').append(render(v)).append(' '));
        return sb.toString();
    }

    private static String render(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.b() != null) {
            return new String(v.b().asByteArray(), StandardCharsets.ISO_8859_1);
        }
        if (v.hasM()) {
            return render(v.m());
        }
        if (v.hasL()) {
            StringBuilder sb = new StringBuilder();
            v.l().forEach(x -> sb.append(render(x)).append(' '));
            return sb.toString();
        }
        return String.valueOf(v);
    }
}
