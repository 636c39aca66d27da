package dev.chatline.functions.push;

import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.ApsAlert;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import com.google.firebase.messaging.WebpushConfig;
import dev.chatline.push.PushPlatform;
import dev.chatline.push.PushSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends notifications with the Firebase Admin SDK ({@code sendEach}, FCM HTTP v1). Each message is data only and
 * names nothing: {@code type=message}, no chat id, no message id, no hash of either (a hash of {@code d:alice:bob}
 * is guessable from the user ids), so Google and Apple learn only that this device has something to fetch; the app
 * connects and {@code sync}s. Android: high priority, one collapse key ({@value #COLLAPSE_KEY}) for every
 * notification of the device. iOS (through FCM's APNs relay): an alert push with {@code mutable-content} and a
 * localizable placeholder text ({@value #IOS_ALERT_KEY}) so the app's notification service extension can connect,
 * sync and show the decrypted messages; {@code apns-priority 10}, the same collapse id. Web: {@code Urgency: high},
 * the same {@code Topic}.
 */
public final class FirebasePushSender implements PushSender {
    /** The localization key of the placeholder alert iOS shows if the extension cannot replace it. */
    public static final String IOS_ALERT_KEY = "NEW_MESSAGE";
    /** The one collapse key (Android), APNs collapse id and Web Push topic: a wake-up to sync, whatever the chat. */
    public static final String COLLAPSE_KEY = "chatline-sync";
    /** FCM keeps an undelivered message at most this long. */
    static final long TTL_SECONDS = 24 * 3600;
    private static final Set<MessagingErrorCode> TOKEN_INVALID = Set.of(MessagingErrorCode.UNREGISTERED,
            MessagingErrorCode.INVALID_ARGUMENT);
    private static final Set<MessagingErrorCode> TRANSIENT = Set.of(MessagingErrorCode.UNAVAILABLE,
            MessagingErrorCode.INTERNAL, MessagingErrorCode.QUOTA_EXCEEDED);
    private static final Set<ErrorCode> TRANSIENT_PLATFORM = Set.of(ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL,
            ErrorCode.DEADLINE_EXCEEDED, ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.UNKNOWN);

    private final FirebaseMessaging messaging;

    public FirebasePushSender(FirebaseMessaging messaging) {
        this.messaging = messaging;
    }

    /**
     * Sends one notification per platform through an app that sends nothing ({@link FirebaseApps#offline()}):
     * loads the message building, FCM request and response code before a SnapStart snapshot.
     */
    public static void prime() {
        FirebaseApp app = FirebaseApps.offline();
        try {
            new FirebasePushSender(FirebaseMessaging.getInstance(app)).sendEach(Arrays.stream(PushPlatform.values())
                    .map(p -> new Notification(p, "prime", "d:prime:prime", "prime-1")).toList());
        } finally {
            app.delete();
        }
    }

    @Override
    public List<Outcome> sendEach(List<Notification> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Message> messages = batch.stream().map(FirebasePushSender::message).toList();
        try {
            BatchResponse response = messaging.sendEach(messages);
            List<Outcome> outcomes = new ArrayList<>();
            for (SendResponse r : response.getResponses()) {
                outcomes.add(r.isSuccessful() ? Outcome.SENT : outcome(r.getException()));
            }
            return outcomes;
        } catch (FirebaseMessagingException e) {
            // the whole call failed (e.g. credentials): the same outcome for every notification
            return Collections.nCopies(batch.size(), outcome(e));
        }
    }

    static Outcome outcome(FirebaseMessagingException e) {
        if (e == null) {
            return Outcome.FAILED;
        }
        MessagingErrorCode code = e.getMessagingErrorCode();
        if (code != null && TOKEN_INVALID.contains(code)) {
            return Outcome.TOKEN_INVALID;
        }
        if (code != null ? TRANSIENT.contains(code) : TRANSIENT_PLATFORM.contains(e.getErrorCode())) {
            return Outcome.TRANSIENT;
        }
        return Outcome.FAILED;
    }

    static Message message(Notification n) {
        String collapseKey = COLLAPSE_KEY;
        Message.Builder m = Message.builder().setToken(n.token()).putData("type", "message");
        switch (n.platform()) {
            case ANDROID -> m.setAndroidConfig(AndroidConfig.builder().setPriority(AndroidConfig.Priority.HIGH)
                    .setCollapseKey(collapseKey).setTtl(TimeUnit.SECONDS.toMillis(TTL_SECONDS)).build());
            case IOS -> m.setApnsConfig(ApnsConfig.builder()
                    .putHeader("apns-priority", "10")
                    .putHeader("apns-push-type", "alert")
                    .putHeader("apns-collapse-id", collapseKey)
                    .setAps(Aps.builder().setMutableContent(true)
                            .setAlert(ApsAlert.builder().setLocalizationKey(IOS_ALERT_KEY).build()).build())
                    .build());
            case WEB -> m.setWebpushConfig(WebpushConfig.builder().putHeader("Urgency", "high")
                    .putHeader("Topic", collapseKey).putHeader("TTL", Long.toString(TTL_SECONDS)).build());
        }
        return m.build();
    }
}
