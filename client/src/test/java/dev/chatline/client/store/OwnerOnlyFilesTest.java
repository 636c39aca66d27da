package dev.chatline.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aDecryptedDownloadAndTheDirectoriesCreatedForItAreOwnerOnly() throws Exception {
        Path file = dir.resolve("alice#phone/downloads/cat.jpg");
        OwnerOnlyFiles.write(file, "decrypted".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("decrypted");
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(file.getParent())).isEqualTo("rwx------");
        assertThat(permissions(file.getParent().getParent())).isEqualTo("rwx------");

        OwnerOnlyFiles.write(file, "again".getBytes(StandardCharsets.UTF_8)); // replaced, still owner-only
        assertThat(Files.readString(file)).isEqualTo("again");
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void everyFileOfTheKeyStoreIsOwnerOnly() throws Exception {
        Path store = dir.resolve("store");
        DeviceStore device = DeviceStore.open(store, "alice", "phone");
        new dev.chatline.client.keys.PreKeyGenerator(device).registrationUpload(1);
        new ContactBook(store).addDevice(new dev.chatline.client.session.DeviceAddress("bob", "phone"));
        new VerificationBook(store).verify("bob", "123");
        new SenderKeyBindings(store).bind(new dev.chatline.client.session.DeviceAddress("bob", "phone"),
                java.util.UUID.randomUUID(), "g1");
        assertThat(permissions(store)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(store)) {
            assertThat(files.toList()).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(f -> assertThat(permissions(f)).as("%s", f).isEqualTo("rw-------"));
        }
    }
}
