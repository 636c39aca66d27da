package dev.chatline.testing;

import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Test-only fault and race injection into real SDK clients (pass them to {@code new AwsClients(config, list)}). */
public final class Interceptors {
    private Interceptors() {
    }

    /** Runs {@code action} before every request of {@code type} is sent (e.g. a concurrent change, or a throw). */
    public static <T extends SdkRequest> ExecutionInterceptor before(Class<T> type, Consumer<T> action) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (type.isInstance(context.request())) {
                    action.accept(type.cast(context.request()));
                }
            }
        };
    }

    /** Every request of {@code type} fails with an {@link IllegalStateException} saying {@code message}. */
    public static ExecutionInterceptor failing(Class<? extends SdkRequest> type, String message) {
        return before(type, r -> {
            throw new IllegalStateException(message);
        });
    }
}
