package dev.chatline.local.lambda;

import dev.chatline.local.iam.FunctionName;
import dev.chatline.protocol.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * AWS Lambda's {@code Invoke} REST API for the functions of some Lambda hosts (every cell's, in the local runtime),
 * so that an SDK {@code LambdaClient} whose {@code endpointOverride} is the runtime invokes them as it would on AWS:
 * {@code POST /2015-03-31/functions/{FunctionName}/invocations}, where FunctionName is the physical name
 * ({@code chatline-<stage>-<name>}), its ARN or partial ARN, optionally with a qualifier (ignored: every function
 * has one version here).
 *
 * <p>As the Lambda service answers a synchronous ({@code RequestResponse}, the default) invocation: 200 with the
 * function's result; a function error (an exception, a timeout, an init failure) is a 200 with
 * {@code X-Amz-Function-Error: Unhandled} and the error payload ({@code errorMessage, errorType, stackTrace});
 * an unknown function a 404 {@code ResourceNotFoundException}; a throttle a 429 {@code TooManyRequestsException};
 * {@code DryRun} a 204. Asynchronous ({@code Event}) invocation is not served (400): nothing in the backend uses it.
 * Requests are not authenticated (a development endpoint on loopback).
 */
public final class LambdaInvokeApi implements Request.Handler {
    /** Where the API is mounted. */
    public static final String PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";
    private static final String FUNCTION_ERROR = "X-Amz-Function-Error";
    private static final String ERROR_TYPE = "x-amzn-ErrorType";
    private static final int MAX_PAYLOAD = 6 * 1024 * 1024;

    private final List<LambdaHost> hosts;

    public LambdaInvokeApi(List<LambdaHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        if (!HttpMethod.POST.is(request.getMethod()) || !path.endsWith(SUFFIX)) {
            return error(response, callback, 404, "UnknownOperationException", "Unknown operation");
        }
        String functionName = FunctionName.of(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
        Map.Entry<LambdaHost, String> target = find(functionName);
        if (target == null) {
            return error(response, callback, 404, LambdaInvocationException.UNKNOWN_FUNCTION,
                    "Function not found: " + functionName);
        }
        String type = request.getHeaders().get("X-Amz-Invocation-Type");
        if ("DryRun".equals(type)) {
            return reply(response, callback, 204, "");
        }
        if (type != null && !"RequestResponse".equals(type)) {
            return error(response, callback, 400, "InvalidParameterValueException",
                    "the local runtime serves RequestResponse invocations only");
        }
        String payload = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (payload.length() > MAX_PAYLOAD) {
            return error(response, callback, 413, "RequestTooLargeException", "Request must be smaller than "
                    + MAX_PAYLOAD + " bytes for the InvokeFunction operation");
        }
        return invoke(target.getKey(), target.getValue(), payload.isBlank() ? "{}" : payload, response, callback);
    }

    private static boolean invoke(LambdaHost host, String function, String payload, Response response,
                                  Callback callback) {
        try {
            return reply(response, callback, 200, host.invoke(function, payload));
        } catch (LambdaInvocationException e) {
            if (LambdaInvocationException.THROTTLED.equals(e.errorType())) {
                return error(response, callback, 429, e.errorType(), e.errorMessage());
            }
            if (LambdaInvocationException.UNKNOWN_FUNCTION.equals(e.errorType())) {
                return error(response, callback, 404, e.errorType(), e.errorMessage());
            }
            response.getHeaders().put(FUNCTION_ERROR, "Unhandled");
            return reply(response, callback, 200, Json.write(e.payload()));
        }
    }

    /** The host and logical name of the function whose physical name is {@code physicalName}, or null. */
    private Map.Entry<LambdaHost, String> find(String physicalName) {
        for (LambdaHost host : hosts) {
            for (String logical : host.functionNames()) {
                if (host.options().physicalName(logical).equals(physicalName)) {
                    return Map.entry(host, logical);
                }
            }
        }
        return null;
    }

    private static boolean error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put(ERROR_TYPE, type);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", "User");
        body.put("message", message);
        return reply(response, callback, status, Json.write(body));
    }

    private static boolean reply(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Amz-Executed-Version", "$LATEST");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
