package dev.chatline.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The CDK app: {@code cd infra-cdk && npx aws-cdk deploy} (see cdk.json and docs/operations.md). Synthesizes the
 * stack {@code Chatline-<stage>} with its nested stacks ({@link ChatlineStack}) and runs the cdk-nag AWS Solutions
 * checks on all of them; an unsuppressed finding is an error annotation, which fails {@code cdk synth}/
 * {@code deploy}. With {@code -c cells=NAME:REGION:ACCOUNT,...} it synthesizes a multi-cell deployment instead
 * ({@link #createCells}): the directory stack and one stage stack per cell.
 */
public final class ChatlineApp {
    private ChatlineApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            if (cells(app).isPresent()) {
                createCells(app);
            } else {
                createStack(app);
            }
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

    /** A multi-cell deployment: the directory stack, then each cell's stage stack in context order. */
    public record CellDeployment(DirectoryStack directory, List<ChatlineStack> cells) {
    }

    /**
     * Builds {@code Chatline-<stage>-directory} in the first cell's account and region and
     * {@code Chatline-<stage>-<cell>} (stage {@code <stage>-<cell>}) in each cell's, every stack with the same
     * context otherwise, and applies cdk-nag. Each cell stack depends on the directory stack ({@code cdk deploy --all}
     * deploys the directory first) but references nothing in it: a cell computes the names it needs
     * ({@link CellTopology}).
     */
    public static CellDeployment createCells(App app) {
        ChatlineSettings settings = ChatlineSettings.fromContext(app.getNode());
        CellTopology topology = cells(app).orElseThrow(() -> new IllegalArgumentException("no cells in the context"));
        CellTopology.Cell home = topology.directoryHome();
        DirectoryStack directory = new DirectoryStack(app, "Chatline-" + settings.stage() + "-"
                + CellTopology.DIRECTORY_STACK_SUFFIX, StackProps.builder()
                .env(environment(home))
                .description("Chatline " + settings.stage() + ": the cells' directory and discovery map")
                .build(), settings, topology);
        List<ChatlineStack> stacks = topology.cells().stream().map(cell -> {
            ChatlineSettings cellSettings = settings.forCell(topology, cell);
            ChatlineStack stack = new ChatlineStack(app, "Chatline-" + cellSettings.stage(), StackProps.builder()
                    .env(environment(cell))
                    .description("Chatline serverless chat backend, stage " + cellSettings.stage() + " (cell "
                            + cell.name() + ")")
                    .build(), cellSettings);
            stack.addDependency(directory, "the directory table must exist before a cell serves users");
            return stack;
        }).toList();
        checkWithNag(app);
        return new CellDeployment(directory, stacks);
    }

    private static Optional<CellTopology> cells(App app) {
        return ChatlineSettings.cellsFromContext(app.getNode(), ChatlineSettings.fromContext(app.getNode()));
    }

    private static Environment environment(CellTopology.Cell cell) {
        return Environment.builder().account(cell.account()).region(cell.region()).build();
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
