package dev.chatline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The rules that keep the domain core's shape (docs/architecture.md, "Modules"). None is frozen: the code breaks none
 * of them.
 */
@AnalyzeClasses(packages = "dev.chatline", importOptions = ModuleClasses.class)
class SharedArchitectureTest {

    /**
     * AWS SDK types only in {@code dev.chatline.aws}, the stores (one per table), {@link Layers#AWS_ADAPTERS} and
     * the object graphs ({@code dev.chatline.wiring}). A service that composes one transaction over several tables
     * passes the stores' {@link dev.chatline.aws.TransactionWrite}s around, never the SDK's items.
     */
    @ArchTest
    static final ArchRule awsSdkOnlyInStoresAndAdapters = noClasses()
            .that(not(resideInAPackage(Layers.AWS_PACKAGE)))
            .and(not(resideInAPackage(Layers.WIRING_PACKAGE)))
            .and(not(Layers.STORES))
            .and(not(Layers.ADAPTERS))
            .should().dependOnClassesThat().resideInAPackage(Layers.AWS_SDK)
            .as("AWS SDK types are used only in dev.chatline.aws, the stores and the AWS adapters");

    /**
     * One public constructor per service, store and adapter: what production wires is what tests build (the object
     * graphs, or that one constructor), and no convenience default lets the two drift apart. Values (records, enums,
     * exceptions) and the AWS helpers of {@code dev.chatline.aws} (the client factory takes test interceptors, the
     * batch writer a test backoff) are not services.
     */
    @ArchTest
    static final ArchRule onePublicConstructorPerService = classes()
            .that().areNotRecords().and().areNotEnums().and().areNotInterfaces()
            .and().areNotAssignableTo(Throwable.class)
            .and(not(resideInAPackage(Layers.AWS_PACKAGE)))
            .should(haveAtMostOnePublicConstructor())
            .as("services have one public constructor");

    /** The domain core runs outside Lambda too (local runtime, tests): no Lambda or Powertools type. */
    @ArchTest
    static final ArchRule noLambdaTypes = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("com.amazonaws.services.lambda..",
                    "software.amazon.lambda..")
            .as("shared uses no Lambda or Powertools types");

    /** Feature packages depend on each other one way only. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.chatline.(*)..")
            .should().beFreeOfCycles()
            .as("the packages of shared are free of cycles");

    private static ArchCondition<JavaClass> haveAtMostOnePublicConstructor() {
        return new ArchCondition<>("have at most one public constructor") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                long n = c.getConstructors().stream().filter(k -> k.getModifiers().contains(JavaModifier.PUBLIC))
                        .count();
                events.add(new SimpleConditionEvent(c, n <= 1, c.getName() + " has " + n + " public constructors"));
            }
        };
    }
}
