package dev.chatline.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The CDK app: {@code cd infra-cdk && npx aws-cdk deploy} (see cdk.json and docs/operations.md). Synthesizes the
 * stack {@code Chatline-<stage>} with its nested stacks ({@link ChatlineStack}) and runs the cdk-nag AWS Solutions
 * checks on all of them; an unsuppressed finding is an error annotation, which fails {@code cdk synth}/
 * {@code deploy}.
 */
public final class ChatlineApp {
    private ChatlineApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            createStack(app);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("Chatline CDK app: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** Builds the stack from the app's context and applies cdk-nag (shared by {@link #main} and the tests). */
    public static ChatlineStack createStack(App app) {
        ChatlineSettings settings = ChatlineSettings.fromContext(app.getNode());
        ChatlineStack stack = new ChatlineStack(app, "Chatline-" + settings.stage(), StackProps.builder()
                .env(environment())
                .description("Chatline serverless chat backend, stage " + settings.stage())
                .build(), settings);
        checkWithNag(app);
        return stack;
    }

    /**
     * Runs the cdk-nag AWS Solutions checks on every resource under {@code scope}, nested stacks included (an aspect
     * visits the whole construct tree; the findings of a nested stack's resources are reported on the root stack).
     */
    static void checkWithNag(Construct scope) {
        Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    /** The account/region of the CLI's credentials when known ({@code cdk deploy}); environment-agnostic otherwise. */
    private static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) {
            return null;
        }
        return Environment.builder().account(account).region(region).build();
    }
}
