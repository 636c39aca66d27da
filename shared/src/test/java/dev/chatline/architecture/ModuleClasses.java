package dev.chatline.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.nio.file.Path;

/**
 * What a module's architecture rules look at: the main classes of the module under test (its {@code
 * target/classes}; the working directory of its tests is the module's directory), not its tests, not the other
 * modules on the class path.
 */
public final class ModuleClasses implements ImportOption {
    private static final String MAIN = Path.of("target", "classes").toAbsolutePath().toUri().getPath();

    @Override
    public boolean includes(Location location) {
        String path = location.asURI().getPath();
        return path != null && path.startsWith(MAIN);
    }
}
