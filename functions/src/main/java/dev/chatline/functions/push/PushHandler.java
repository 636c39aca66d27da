package dev.chatline.functions.push;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.PushPublisher.PushRequest;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.protocol.Json;
import dev.chatline.push.PushService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber of the {@code push-requests} topic: sends the requested notifications through Firebase Admin
 * ({@link PushService}). A malformed request is logged and dropped (a retry could not fix it); a failing
 * DynamoDB call fails the invocation, so Lambda's asynchronous retries run it again.
 */
public final class PushHandler implements RequestHandler<SNSEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);

    private final PushService service;

    public PushHandler() {
        this(PushWiring.fromEnvironment());
    }

    public PushHandler(PushService service) {
        this.service = service;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        return Telemetry.process().around(context, () -> {
            service.deliver(requests(event));
            return null;
        });
    }

    private static List<PushRequest> requests(SNSEvent event) {
        List<PushRequest> out = new ArrayList<>();
        for (SNSEvent.SNSRecord record : event.getRecords() == null ? List.<SNSEvent.SNSRecord>of()
                : event.getRecords()) {
            try {
                PushRequest r = Json.read(record.getSNS().getMessage(), PushRequest.class);
                if (FanoutJob.MESSAGE.equals(r.kind()) && r.userId() != null && r.deviceId() != null
                        && r.chatId() != null && r.messageId() != null) {
                    out.add(r);
                } else {
                    LOG.warn("dropped push request of unknown kind or without ids ({})", record.getSNS().getMessageId());
                }
            } catch (RuntimeException e) {
                LOG.warn("dropped malformed push request {}: {}", record.getSNS().getMessageId(), e.toString());
            }
        }
        return out;
    }
}
