package dev.magpie.devices.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

    /** A plain file on the test class path: its identity is computed by reading it. */
    private static final String FILE_RESOURCE = "/dev/magpie/devices/natives/libfake.so";
    /** A small entry inside the openpnp jar: its identity comes from the jar's directory. */
    private static final String JAR_RESOURCE = "/nu/pattern/opencv/linux/x86_64/README.md";

    @TempDir
    Path temp;

    @Test
    void firstCallCopiesOnceAndLaterCallsReuseTheCopy() throws IOException {
        Path cache = temp.resolve("cache");

        Path first = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        assertThat(listing(cache)).containsExactly(first);
        byte[] content = resource(FILE_RESOURCE);
        assertThat(first.getFileName().toString())
                .isEqualTo("libfake-%08x-%d.so".formatted(crc(content), content.length));
        assertThat(Files.readAllBytes(first)).isEqualTo(content);
        Object inode = Files.readAttributes(first, "unix:ino").get("ino");

        // A second JVM is a second instance over the same directory: nothing new, nothing rewritten.
        Path second = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        assertThat(second).isEqualTo(first);
        assertThat(listing(cache)).containsExactly(first);
        assertThat(Files.readAttributes(second, "unix:ino").get("ino")).isEqualTo(inode);
    }

    @Test
    void aJarEntryIsNamedByTheCrcAndSizeInTheJar() throws IOException {
        Path copy = new NativeLibraryCache(temp.resolve("cache"), JAR_RESOURCE).extract();
        byte[] content = resource(JAR_RESOURCE);
        assertThat(copy.getFileName().toString()).isEqualTo("README-%08x-%d.md".formatted(crc(content), content.length));
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
    }

    @Test
    void createsTheDirectoryOwnerOnly() throws IOException {
        Path cache = temp.resolve("a/b/cache");
        new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    }

    @Test
    void refusesAGroupWritableDirectory() throws IOException {
        Path cache = Files.createDirectory(temp.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));

        assertThatThrownBy(() -> new NativeLibraryCache(cache, FILE_RESOURCE).extract())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(cache.toString())
                .hasMessageContaining("writable by group or others");
        assertThat(listing(cache)).isEmpty();
    }

    @Test
    void refusesAnOtherWritableDirectory() throws IOException {
        Path cache = Files.createDirectory(temp.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx---rwx"));

        assertThatThrownBy(() -> new NativeLibraryCache(cache, FILE_RESOURCE).extract())
                .hasMessageContaining("writable by group or others");
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(temp.resolve("cache"), real);

        assertThatThrownBy(() -> new NativeLibraryCache(link, FILE_RESOURCE).extract())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link");
        assertThat(listing(real)).isEmpty();
    }

    @Test
    void refusesAFileWhereTheDirectoryShouldBe() throws IOException {
        Path cache = Files.writeString(temp.resolve("cache"), "squatter");

        assertThatThrownBy(() -> new NativeLibraryCache(cache, FILE_RESOURCE).extract())
                .hasMessageContaining("is not a directory");
    }

    @Test
    void replacesATruncatedCopy() throws IOException {
        Path cache = temp.resolve("cache");
        Path copy = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        byte[] content = Files.readAllBytes(copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.truncate(content.length / 2);
        }

        Path again = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        assertThat(again).isEqualTo(copy);
        assertThat(Files.readAllBytes(again)).isEqualTo(content);
        assertThat(listing(cache)).containsExactly(copy);
    }

    @Test
    void replacesASymbolicLinkInPlaceOfTheCopy() throws IOException {
        Path cache = temp.resolve("cache");
        Path copy = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        Path elsewhere = Files.write(temp.resolve("elsewhere.so"), Files.readAllBytes(copy));
        Files.delete(copy);
        Files.createSymbolicLink(copy, elsewhere);

        Path again = new NativeLibraryCache(cache, FILE_RESOURCE).extract();
        assertThat(Files.isSymbolicLink(again)).isFalse();
        assertThat(Files.isRegularFile(again, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aMissingResourceSaysSo() {
        NativeLibraryCache cache = new NativeLibraryCache(temp.resolve("cache"), "/no/such/libnothing.so");
        assertThat(cache.resourcePresent()).isFalse();
        assertThatThrownBy(cache::extract)
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("/no/such/libnothing.so");
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NativeLibraryCacheTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
