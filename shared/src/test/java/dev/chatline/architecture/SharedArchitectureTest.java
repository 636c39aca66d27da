package dev.chatline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * The rules that keep the domain core's shape (docs/architecture.md, "Modules"). A rule that the code breaks today
 * is frozen ({@link FreezingArchRule}, store committed in {@code src/test/archunit}): the recorded violations are
 * tolerated, any new one fails the build, and a fixed one leaves the store.
 */
@AnalyzeClasses(packages = "dev.chatline", importOptions = ModuleClasses.class)
class SharedArchitectureTest {

    /**
     * AWS SDK types only in {@code dev.chatline.aws}, the stores (one per table), {@link Layers#AWS_ADAPTERS} and
     * the object graphs ({@code dev.chatline.wiring}).
     * Frozen: the services that compose one multi-table transaction from the {@code TransactWriteItem}s the stores
     * build (group changes, staged changes, a message's receipt header), the two guards whose factory builds their
     * stores from a {@code DynamoDbClient} ({@code LinkedDeviceGuard.on}, {@code RouteLimits.on}), and the presence
     * notifier's catch of {@code SdkException}. The way out is an opaque transaction-item type in
     * {@code dev.chatline.aws} and the factories moving into the functions' wiring.
     */
    @ArchTest
    static final ArchRule awsSdkOnlyInStoresAndAdapters = FreezingArchRule.freeze(noClasses()
            .that(not(resideInAPackage(Layers.AWS_PACKAGE)))
            .and(not(resideInAPackage(Layers.WIRING_PACKAGE)))
            .and(not(Layers.STORES))
            .and(not(Layers.ADAPTERS))
            .should().dependOnClassesThat().resideInAPackage(Layers.AWS_SDK)
            .as("AWS SDK types are used only in dev.chatline.aws, the stores and the AWS adapters"));

    /** The domain core runs outside Lambda too (local runtime, tests): no Lambda or Powertools type. */
    @ArchTest
    static final ArchRule noLambdaTypes = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..",
                    "software.amazon.lambda..")
            .as("shared uses no Lambda or Powertools types");

    /** Feature packages depend on each other one way only (not frozen: shared has no cycle). */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.chatline.(*)..")
            .should().beFreeOfCycles()
            .as("the packages of shared are free of cycles");
}
