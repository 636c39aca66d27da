package dev.chatline.functions.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.chatline.architecture.Layers;
import dev.chatline.architecture.ModuleClasses;
import dev.chatline.aws.AwsClients;

/**
 * The functions module is adapters only (docs/architecture.md, "Modules"): handlers turn events into service calls,
 * the wiring classes build the clients and the object graphs ({@code dev.chatline.wiring}) once per cold start.
 */
@AnalyzeClasses(packages = "dev.chatline", importOptions = ModuleClasses.class)
class FunctionsArchitectureTest {

    /**
     * Where a function builds its clients and object graphs: {@code FunctionGraphs} (package
     * {@code dev.chatline.functions.wiring}) and the push function's {@code PushWiring} (Firebase, its secret).
     */
    static final DescribedPredicate<JavaClass> WIRING = resideInAPackage("dev.chatline.functions.wiring..")
            .or(Layers.partOfClassNamed("Wiring")).as("a wiring class");

    @ArchTest
    static final ArchRule awsSdkOnlyInWiring = noClasses()
            .that(not(WIRING))
            .should().dependOnClassesThat().resideInAPackage(Layers.AWS_SDK)
            .as("in functions, AWS SDK types are used only by the wiring classes");

    /**
     * A handler reaches stores and AWS clients only through services built by the wiring; the one AWS type it may
     * name is {@link AwsClients}, the client factory its no-argument constructor hands to the wiring.
     */
    @ArchTest
    static final ArchRule handlersCallServicesOnly = noClasses()
            .that(Layers.partOfClassNamed("Handler"))
            .should().dependOnClassesThat(Layers.STORES
                    .or(Layers.ADAPTER_CLASSES)
                    .or(resideInAPackage(Layers.AWS_SDK))
                    .or(resideInAPackage(Layers.AWS_PACKAGE).and(not(belongToAnyOf(AwsClients.class)))))
            .as("handlers call services and wiring, never stores, AWS adapters or AWS clients");
}
