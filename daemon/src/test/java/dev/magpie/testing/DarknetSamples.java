package dev.magpie.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The photos of Debian's {@code darknet} package (eagle, dog, giraffe, horses, person, kite, scream), fetched once with
 * {@code apt-get download darknet && dpkg -x darknet_*.deb DIR} (a download, not an install; no root needed where the
 * apt lists are present) into {@code ~/.cache/magpie-tests/darknet}, or into {@code MAGPIE_DARKNET_DIR} when set.
 * Empty when apt is unavailable, so a test can skip with {@link #WHY_MISSING}.
 */
public final class DarknetSamples {

    public static final String WHY_MISSING = "the Debian 'darknet' package's photos are unavailable (no apt-get/dpkg or no "
            + "network); run `apt-get download darknet && dpkg -x darknet_*.deb DIR` and set MAGPIE_DARKNET_DIR=DIR";

    private static final String DATA = "usr/share/darknet/data";

    private DarknetSamples() {
    }

    public static synchronized Optional<Path> photo(String name) {
        Path dir = cacheDir();
        Path file = dir.resolve(DATA).resolve(name);
        if (Files.isRegularFile(file)) {
            return Optional.of(file);
        }
        try {
            Files.createDirectories(dir);
            if (!hasDeb(dir) && !run(dir, "apt-get", "download", "darknet")) {
                return Optional.empty();
            }
            try (Stream<Path> debs = Files.list(dir)) {
                for (Path deb : debs.filter(DarknetSamples::isDeb).toList()) {
                    run(dir, "dpkg", "-x", deb.getFileName().toString(), ".");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static Path cacheDir() {
        String fromEnv = System.getenv("MAGPIE_DARKNET_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "magpie-tests", "darknet");
    }

    private static boolean hasDeb(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(DarknetSamples::isDeb);
        }
    }

    private static boolean isDeb(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("darknet_") && name.endsWith(".deb");
    }

    private static boolean run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such command
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
