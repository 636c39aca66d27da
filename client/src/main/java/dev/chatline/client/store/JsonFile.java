package dev.chatline.client.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * One JSON document on disk, replaced atomically (written to a temporary file, then moved over the old one), so a
 * crash never leaves half a store behind. On POSIX file systems the directory is {@code rwx------} and the files
 * {@code rw-------} from their creation on ({@link OwnerOnlyFiles}): they hold private keys.
 */
final class JsonFile<T> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path path;
    private final Class<T> type;

    JsonFile(Path path, Class<T> type) {
        this.path = path;
        this.type = type;
    }

    T loadOr(Supplier<T> empty) {
        if (!Files.exists(path)) {
            return empty.get();
        }
        try {
            return MAPPER.readValue(path.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    void save(T value) {
        try {
            Path dir = path.getParent();
            if (!Files.isDirectory(dir)) {
                OwnerOnlyFiles.createDirectories(dir);
            }
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            OwnerOnlyFiles.createFile(tmp);
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
