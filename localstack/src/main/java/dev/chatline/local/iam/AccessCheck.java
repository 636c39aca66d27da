package dev.chatline.local.iam;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The local runtime's IAM check, an AWS SDK interceptor registered for every client of the JVM (in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}). The SDK creates one instance per client
 * (and per S3 presigner) when it is built, so each instance keeps the {@link AccessPolicy} of the hosted function
 * whose code built the client ({@link CallerPolicy}: handlers build their clients in their constructors, or
 * lazily inside an invocation). Every call through that client is checked against that policy, from whatever
 * thread it is made (the function's worker pools, CompletableFutures): a call the function's role would not allow
 * on AWS fails before it is sent, with the service's access-denied exception ({@link AccessDenials}) naming the
 * function and the missing grant. A presigned S3 URL is checked when it is signed, for the operation it signs.
 * Clients built outside a hosted function (the runtime's own, tests') are not checked.
 */
public final class AccessCheck implements ExecutionInterceptor {
    private final AccessPolicy owner = CallerPolicy.current();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (owner == null) {
            return;
        }
        owner.denial(RequiredPermissions.of(context.request(),
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
                .ifPresent(denial -> {
                    throw AccessDenials.exception(denial);
                });
    }
}
