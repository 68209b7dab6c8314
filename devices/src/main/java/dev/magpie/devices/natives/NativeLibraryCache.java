package dev.magpie.devices.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Copies a native library out of the class path into a cache directory once, under a name that carries its content
 * identity ({@code <base>-<crc32 hex>-<size>.<ext>}), so every later JVM finds the same file instead of unpacking a
 * fresh copy that a killed JVM would leave behind.
 *
 * <p>The directory is created owner-only (0700). One that already exists must be a real directory (not a symbolic
 * link), owned by this process's user and not writable by group or others; anything else is refused, since another
 * user could swap the library under us. The library is written to a temporary file in the same directory and renamed
 * into place atomically, so concurrent JVMs never load a half-written file.
 */
final class NativeLibraryCache {

    /** Temporary files older than this were left by a JVM that died mid-copy; younger ones may still be in use. */
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    private static final String TEMPORARY_SUFFIX = ".part";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path cacheDir;
    private final String resourceName;

    /**
     * @param cacheDir     the directory to keep the library in
     * @param resourceName the absolute class-path resource, for example
     *                     {@code /nu/pattern/opencv/linux/x86_64/libopencv_java490.so}
     */
    NativeLibraryCache(Path cacheDir, String resourceName) {
        if (!resourceName.startsWith("/")) {
            throw new IllegalArgumentException("resource name must be absolute (start with /): " + resourceName);
        }
        this.cacheDir = cacheDir.toAbsolutePath();
        this.resourceName = resourceName;
    }

    /** Whether the resource is on the class path at all. */
    boolean resourcePresent() {
        return NativeLibraryCache.class.getResource(resourceName) != null;
    }

    /**
     * Returns the cached copy of the resource, copying it there first when no complete copy exists.
     *
     * @throws IOException when the resource is missing, the directory is unsafe, or the copy fails; the message says which
     */
    Path extract() throws IOException {
        URL url = NativeLibraryCache.class.getResource(resourceName);
        if (url == null) {
            throw new NoSuchFileException(resourceName, null, "not on the class path");
        }
        prepareDirectory();
        Identity identity = identify(url);
        Path target = cacheDir.resolve(fileName(identity));
        if (isCompleteCopy(target, identity.size())) {
            return target;
        }
        Path temporary = Files.createTempFile(cacheDir, target.getFileName().toString() + ".", TEMPORARY_SUFFIX);
        try {
            try (InputStream in = url.openStream(); OutputStream out = Files.newOutputStream(temporary)) {
                in.transferTo(out);
            }
            long written = Files.size(temporary);
            if (written != identity.size()) {
                throw new IOException(resourceName + ": copied " + written + " bytes, expected " + identity.size());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        removeStaleTemporaries();
        return target;
    }

    private void prepareDirectory() throws IOException {
        if (!Files.exists(cacheDir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = cacheDir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(cacheDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                return;
            } catch (FileAlreadyExistsException raced) {
                // Another JVM (or someone else) made it first: check it like any existing directory.
            }
        }
        checkExistingDirectory();
    }

    private void checkExistingDirectory() throws IOException {
        if (Files.isSymbolicLink(cacheDir)) {
            throw new IOException("native cache " + cacheDir + " is a symbolic link; refusing to use it");
        }
        if (!Files.isDirectory(cacheDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("native cache " + cacheDir + " exists but is not a directory");
        }
        Object dirUid = Files.getAttribute(cacheDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object ourUid = currentUid();
        if (!dirUid.equals(ourUid)) {
            throw new IOException("native cache " + cacheDir + " is owned by uid " + dirUid + ", not by this process's uid "
                    + ourUid + "; refusing to use it");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(cacheDir, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("native cache " + cacheDir + " is writable by group or others ("
                    + PosixFilePermissions.toString(permissions) + "); refusing to use it");
        }
    }

    /** The effective uid of this process: Linux's /proc/self belongs to it. */
    private static Object currentUid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static boolean isCompleteCopy(Path file, long size) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.size() == size;
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    private void removeStaleTemporaries() {
        Instant cutoff = Instant.now().minus(STALE_TEMPORARY);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cacheDir, "*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException ignored) {
            // Best effort: a leftover costs disk space, never correctness.
        }
    }

    String fileName(Identity identity) {
        String base = resourceName.substring(resourceName.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String extension = dot > 0 ? base.substring(dot) : "";
        return stem + "-" + String.format("%08x", identity.crc()) + "-" + identity.size() + extension;
    }

    /** The CRC-32 and size of the resource: from the jar's directory when it has them, else by reading it. */
    private Identity identify(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry != null && entry.getCrc() != -1 && entry.getSize() != -1) {
                return new Identity(entry.getCrc(), entry.getSize());
            }
        }
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = url.openStream()) {
            for (int n; (n = in.read(buffer)) != -1; size += n) {
                crc.update(buffer, 0, n);
            }
        }
        return new Identity(crc.getValue(), size);
    }

    /** What names a copy: its CRC-32 and its length in bytes. */
    record Identity(long crc, long size) {
    }
}
