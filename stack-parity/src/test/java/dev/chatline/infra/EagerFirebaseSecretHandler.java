package dev.chatline.infra;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.google.auth.oauth2.GoogleCredentials;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The push handler's construction before the fix of main (commit "Push: the Firebase key is read when push is first
 * needed"): its constructor reads the Firebase secret and parses it as a service account. The stack creates that
 * secret with a placeholder, so under SnapStart the version's publication fails; the start-up check must catch it.
 */
public class EagerFirebaseSecretHandler implements RequestHandler<SNSEvent, Void> {
    public EagerFirebaseSecretHandler() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        String json = Secrets.read(aws, aws.config().require(ChatConfig.FIREBASE_SECRET_ARN));
        try {
            GoogleCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("the Firebase secret is not a service-account JSON", e);
        }
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        return null;
    }
}
