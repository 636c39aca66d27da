package dev.chatline.functions.push;

import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.wiring.LambdaGraphBase;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientMessage.RegisterPush;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.push.PushRegistration;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.PushGraph;

/** Route {@code registerPush}: stores the calling device's FCM token (one per device, replacing the old one). */
public final class RegisterPushHandler extends RouteHandler<RegisterPush> {
    private final PushRegistration registration;

    public RegisterPushHandler() {
        this(new PushGraph(LambdaGraphBase.of(primed(new AwsClients(ChatConfig.fromEnvironment())))));
    }

    private RegisterPushHandler(PushGraph graph) {
        this(graph.registration(), graph.routeGuard());
    }

    public RegisterPushHandler(PushRegistration registration, RouteGuard guard) {
        super(RegisterPush.class, guard);
        this.registration = registration;
    }

    private static AwsClients primed(AwsClients aws) {
        SnapStartPriming.register("registerPush", SnapStartPriming.FRAMES, aws::primeDynamoDb);
        return aws;
    }

    @Override
    protected ServerFrame handle(WsRequest request, RegisterPush message, String requestId) {
        return registration.register(request.identity(), message);
    }
}
