package dev.chatline.client.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Creates the client's files and directories owner-only from the first byte: directories {@code rwx------}, files
 * {@code rw-------} (on POSIX file systems; elsewhere the platform default). The permissions are given at creation
 * ({@code open(O_CREAT, mode)}), so there is no moment at which another user could open a file that is about to
 * hold a private key or a decrypted download. Existing files and directories are restricted too.
 */
public final class OwnerOnlyFiles {
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code dir} and its missing parents, each new one {@code rwx------}; restricts {@code dir} itself. */
    public static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p, attributes(DIRECTORY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created concurrently: restricted below if it is ours
            }
        }
        restrict(dir, DIRECTORY);
        return dir;
    }

    /** Writes {@code bytes} to a new or replaced file that is {@code rw-------} (its directory is created owner-only). */
    public static void write(Path file, byte[] bytes) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, attributes(FILE));
        restrict(file, FILE); // the creation mode passed the umask, which only narrows it
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Creates an empty {@code rw-------} file (it must not exist). */
    public static void createFile(Path file) throws IOException {
        Files.createFile(file, attributes(FILE));
        restrict(file, FILE);
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
