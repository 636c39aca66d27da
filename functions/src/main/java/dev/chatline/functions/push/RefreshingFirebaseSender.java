package dev.chatline.functions.push;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.chatline.push.PushSender;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push function's sender on AWS: Firebase Admin with the service account kept in the Firebase secret.
 *
 * <ul>
 *   <li>The secret is read when push is first needed, never in the constructor: under SnapStart the handler is
 *       constructed when the version is published, and the stack creates the secret with a placeholder, so a read
 *       there would fail the deployment (and freeze the key into the snapshot).</li>
 *   <li>It is read again every {@link #RECHECK_CONFIGURED} (5 min), or every {@link #RECHECK_UNCONFIGURED} (1 min)
 *       while push is off: a key put into the secret, or a rotated one, is used without a redeploy. A new secret
 *       version builds a new Firebase app; the old one is deleted.</li>
 *   <li>While the secret holds no service-account key (the placeholder), {@link #available()} is false: push is
 *       off, logged at WARN when that is found, and the requests are dropped and counted
 *       ({@code PushesUnconfigured}); messages wait in the inbox for sync.</li>
 *   <li>A failed read with a key in hand keeps the key (logged, retried in a minute); without one it fails the
 *       invocation, so the topic's asynchronous retries run it again.</li>
 * </ul>
 *
 * <p>One invocation at a time per instance in Lambda; synchronized for the local runtime.
 */
public final class RefreshingFirebaseSender implements PushSender {
    static final Duration RECHECK_CONFIGURED = Duration.ofMinutes(5);
    static final Duration RECHECK_UNCONFIGURED = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingFirebaseSender.class);

    /** The secret's current value. */
    public record SecretValue(String versionId, String text) {
        @Override
        public String toString() {
            return "SecretValue[" + versionId + "]"; // never the key
        }
    }

    /** Reads the secret (GetSecretValue). */
    @FunctionalInterface
    public interface SecretSource {
        SecretValue read();
    }

    private final SecretSource source;
    private final Function<GoogleCredentials, FirebaseApp> apps;
    private final Clock clock;
    private String versionId;
    private FirebaseApp app;
    private FirebasePushSender sender;
    private long nextCheckAt = Long.MIN_VALUE;

    /** @param apps builds the Firebase app for a service account ({@link FirebaseApps#withCredentials}) */
    public RefreshingFirebaseSender(SecretSource source, Function<GoogleCredentials, FirebaseApp> apps, Clock clock) {
        this.source = source;
        this.apps = apps;
        this.clock = clock;
    }

    @Override
    public synchronized boolean available() {
        refreshIfDue();
        return sender != null;
    }

    @Override
    public List<Outcome> sendEach(List<Notification> batch) {
        FirebasePushSender current;
        synchronized (this) {
            refreshIfDue();
            current = sender;
        }
        return current == null ? Collections.nCopies(batch.size(), Outcome.FAILED) : current.sendEach(batch);
    }

    private void refreshIfDue() {
        long now = clock.millis();
        if (now < nextCheckAt) {
            return;
        }
        SecretValue secret;
        try {
            secret = source.read();
        } catch (RuntimeException e) {
            if (sender == null) {
                throw e;
            }
            LOG.warn("could not read the Firebase secret again; pushing with the key of version {}: {}", versionId,
                    e.toString());
            nextCheckAt = now + RECHECK_UNCONFIGURED.toMillis();
            return;
        }
        if (!secret.versionId().equals(versionId)) {
            use(secret);
        }
        nextCheckAt = now + (sender != null ? RECHECK_CONFIGURED : RECHECK_UNCONFIGURED).toMillis();
    }

    private void use(SecretValue secret) {
        Optional<GoogleCredentials> key = FirebaseApps.serviceAccount(secret.text());
        FirebaseApp previous = app;
        versionId = secret.versionId();
        app = key.map(apps).orElse(null);
        sender = app == null ? null : new FirebasePushSender(FirebaseMessaging.getInstance(app));
        if (previous != null) {
            previous.delete();
        }
        if (app != null) {
            LOG.info("push is on: Firebase project {} (secret version {})", app.getOptions().getProjectId(),
                    versionId);
        } else {
            LOG.warn("push is OFF: the Firebase secret (version {}) holds no service-account key. Put the key with "
                    + "`aws secretsmanager put-secret-value` (docs/operations.md#push); it is picked up within {} s "
                    + "without a redeploy", versionId, RECHECK_UNCONFIGURED.toSeconds());
        }
    }
}
