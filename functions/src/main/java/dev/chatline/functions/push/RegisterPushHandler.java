package dev.chatline.functions.push;

import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.devices.LinkedDeviceGuard;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientMessage.RegisterPush;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.push.PushRegistration;
import dev.chatline.push.PushTokenStore;
import dev.chatline.ratelimit.RouteGuard;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Route {@code registerPush}: stores the calling device's FCM token (one per device, replacing the old one). */
public final class RegisterPushHandler extends RouteHandler<RegisterPush> {
    private final PushRegistration registration;

    public RegisterPushHandler() {
        this(primed(new AwsClients(ChatConfig.fromEnvironment())));
    }

    private RegisterPushHandler(AwsClients aws) {
        this(aws.config(), aws.dynamoDb());
    }

    private RegisterPushHandler(ChatConfig config, DynamoDbClient ddb) {
        this(new PushRegistration(new PushTokenStore(ddb, config), Clock.systemUTC()),
                LinkedDeviceGuard.on(ddb, config, Clock.systemUTC(), Telemetry.process().metrics()));
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
