package dev.chatline.functions.push;

import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.push.PushRegistration;
import dev.chatline.push.PushTokenStore;
import java.time.Clock;

/** Route {@code registerPush}: stores the calling device's FCM token (one per device, replacing the old one). */
public final class RegisterPushHandler extends RouteHandler {
    private final PushRegistration registration;

    public RegisterPushHandler() {
        this(registration(primed(new AwsClients(ChatConfig.fromEnvironment()))));
    }

    public RegisterPushHandler(PushRegistration registration) {
        this.registration = registration;
    }

    private static AwsClients primed(AwsClients aws) {
        SnapStartPriming.register("registerPush", SnapStartPriming.FRAMES, aws::primeDynamoDb);
        return aws;
    }

    static PushRegistration registration(AwsClients aws) {
        return new PushRegistration(new PushTokenStore(aws.dynamoDb(), aws.config()), Clock.systemUTC());
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return registration.register(request.identity(), frame);
    }
}
