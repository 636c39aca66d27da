package dev.chatline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No two top-level classes of the project's main code share a simple name, across all modules (this module's test
 * class path holds every one of them): a reader, a stack trace or a search never has to ask which {@code Json} or
 * {@code Envelope} is meant. Nested types ({@code SendMessage.Envelope}) are named through their owner and are not
 * counted.
 */
class DistinctClassNamesTest {
    @Test
    void everyTopLevelClassOfTheMainCodeHasItsOwnSimpleName() {
        Map<String, List<String>> byName = new ClassFileImporter()
                .withImportOption(DistinctClassNamesTest::mainCode)
                .importPackages("dev.chatline").stream()
                .filter(JavaClass::isTopLevelClass)
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        assertThat(byName).hasSizeGreaterThan(300);
        assertThat(byName).allSatisfy((name, classes) -> assertThat(classes).as(name).hasSize(1));
    }

    /**
     * The modules' main classes, whether they come as {@code target/classes} (a {@code test} build) or as the
     * modules' jars (a {@code verify} build); not test classes nor the shared test jar.
     */
    private static boolean mainCode(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
