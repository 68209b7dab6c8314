package dev.magpie.vision;

import java.nio.file.Path;

/**
 * Where JavaCPP unpacks its native libraries (TensorFlow Lite). Its default, {@code ~/.javacpp/cache}, is not
 * writable under the systemd unit ({@code ProtectHome=true}, only the data directory is writable), so the daemon
 * points it under the data directory before the first TFLite class loads. A {@code -Dorg.bytedeco.javacpp.cachedir}
 * given on the command line wins.
 */
public final class JavaCppNatives {

    public static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

    private JavaCppNatives() {
    }

    /** Sets the cache to {@code <dataDir>/cache/native} unless already set; returns the directory in use. */
    public static synchronized Path useCacheUnder(Path dataDir) {
        String current = System.getProperty(CACHE_DIR_PROPERTY);
        if (current != null && !current.isBlank()) {
            return Path.of(current);
        }
        Path dir = dataDir.resolve("cache").resolve("native").toAbsolutePath();
        System.setProperty(CACHE_DIR_PROPERTY, dir.toString());
        return dir;
    }
}
