package dev.chatline.aws;

import java.net.URI;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * SDK calls made only to load and link their code before a SnapStart snapshot: on clients of
 * {@link AwsClients#offline}, which send nothing and give every request the same canned answer. An answer that does
 * not fit the operation fails after the request was validated, signed and marshalled, and the response parsed as
 * far as it goes: enough for priming, so failures are ignored.
 */
final class OfflineCalls {
    /** The table, key, queue, topic, bucket or connection the offline calls name. */
    static final String NAME = "prime";
    /**
     * The canned answer of the DynamoDB calls: an item with every attribute type the stores write, in each field an
     * operation reads items from (unknown fields are ignored), so the answers' attribute values are parsed too.
     */
    static final String DYNAMODB_ITEMS;

    static {
        String item = "{\"s\":{\"S\":\"v\"},\"n\":{\"N\":\"1\"},\"b\":{\"BOOL\":true},\"m\":{\"M\":{\"x\":"
                + "{\"S\":\"v\"}}},\"l\":{\"L\":[{\"N\":\"1\"}]},\"ss\":{\"SS\":[\"v\"]},\"bin\":{\"B\":\"AA==\"},"
                + "\"nul\":{\"NULL\":true}}";
        DYNAMODB_ITEMS = "{\"Item\":" + item + ",\"Attributes\":" + item + ",\"Items\":[" + item + "],\"Count\":1,"
                + "\"ScannedCount\":1,\"Responses\":{\"" + NAME + "\":[" + item + "]}}";
    }

    private OfflineCalls() {
    }

    /**
     * Prepares (does not send) a request on the function's real HTTP client: loads the client's and the JDK's
     * request classes without opening a connection.
     */
    static void prepare(SdkHttpClient client, URI endpoint) {
        run(() -> client.prepareRequest(HttpExecuteRequest.builder().request(SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST).uri(endpoint).putHeader("Content-Type", "application/x-amz-json-1.0")
                .build()).build()));
    }

    static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException expected) {
            // the canned answer did not fit this operation; its request path ran all the same
        }
    }
}
