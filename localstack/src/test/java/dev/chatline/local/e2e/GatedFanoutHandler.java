package dev.chatline.local.e2e;

import dev.chatline.functions.wiring.LambdaGraphBase;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.MessagingGraph;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.messaging.FanoutHandler;
import dev.chatline.protocol.Json;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.Context.BeforeExecution;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * The real {@link FanoutHandler} with two test hooks: a batch holding a job of {@link #gateChat} waits until the
 * test opens the gate (with one batch at a time, the jobs queued meanwhile then arrive in one batch), and the first
 * post of a frame of a chat in {@link #FAIL_ONCE} fails (an SDK interceptor, as a throttled {@code @connections}
 * call would), which fails that chat's job.
 */
public final class GatedFanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();
    /** The message groups (chats) of each invocation, in order. */
    static final List<List<String>> BATCHES = new CopyOnWriteArrayList<>();
    static volatile String gateChat;
    static final CountDownLatch GATE_ENTERED = new CountDownLatch(1);
    static final CountDownLatch GATE_OPEN = new CountDownLatch(1);

    private final FanoutHandler real = real(new AwsClients(ChatConfig.fromEnvironment(),
            List.of(new FailFirstPost())));

    private static FanoutHandler real(AwsClients aws) {
        return new FanoutHandler(new MessagingGraph(LambdaGraphBase.of(aws)),
                new ConnectionGraph(LambdaGraphBase.of(aws)));
    }

    /** The real catalog with this class as the fan-out handler. */
    static List<FunctionDef> catalog() {
        FunctionDef f = FunctionCatalog.FANOUT;
        FunctionDef gated = new FunctionDef(f.name(), GatedFanoutHandler.class.getName(), f.artifact(), f.memoryMb(),
                f.timeout(), f.trigger(), f.access());
        return FunctionCatalog.ALL.stream().map(def -> def == f ? gated : def).toList();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<String> chats = event.getRecords().stream().map(r -> r.getAttributes().get("MessageGroupId")).toList();
        BATCHES.add(chats);
        if (chats.contains(gateChat)) {
            GATE_ENTERED.countDown();
            try {
                GATE_OPEN.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return real.handleRequest(event, context);
    }

    private static final class FailFirstPost implements ExecutionInterceptor {
        @Override
        public void beforeExecution(BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PostToConnectionRequest post
                    && FAIL_ONCE.remove(Json.read(post.data().asUtf8String()).path("chatId").asText())) {
                throw new IllegalStateException("injected: @connections throttled");
            }
        }
    }
}
