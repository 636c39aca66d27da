package dev.chatline.local.coldstart;

import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A way to deploy the functions: every function from one jar (the single shaded jar of earlier builds), or each from
 * its catalog artifact; with or without the SnapStart priming hooks run before the first invocation.
 *
 * @param label short name in the tables and the log directory
 * @param singleJar the jar of every function, or empty for the catalog artifacts in {@code artifacts}
 * @param artifacts the directory of the catalog artifacts
 * @param prime run the CRaC hooks (a checkpoint and restore) between construction and the first invocation
 */
record Variant(String label, Optional<Path> singleJar, Path artifacts, boolean prime) {

    Path jar(FunctionDef def) {
        return singleJar.orElseGet(() -> artifacts.resolve(def.artifact().fileName()));
    }

    String jarName(FunctionDef def) {
        return singleJar.map(p -> "single jar").orElse(def.artifact().id());
    }

    static Path defaultArtifacts() {
        return Path.of("functions", "target", Artifact.DIRECTORY);
    }
}
