package dev.magpie.devices.natives;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OpenCV's native library, bundled in the openpnp jar, once per JVM; everything that makes {@code Mat}s calls
 * {@link #load()} first.
 *
 * <p>openpnp's own {@code OpenCV.loadLocally()} unpacks the library (65 MB on x86_64) into a fresh
 * {@code /tmp/opencv_openpnp*} directory at every start and removes it only on a clean exit, so every killed JVM leaks
 * a copy. Here the library is unpacked once into a cache directory, {@code magpie.native.dir} or else
 * {@code ${java.io.tmpdir}/magpie-native-${user.name}}, under a name that carries its CRC and size, and reused by every
 * later JVM (see {@link NativeLibraryCache}). On an unknown platform, a jar without the library, or a cache directory
 * that is not safe, it falls back to {@code loadLocally()} with a warning.
 */
public final class OpenCvLibrary {

    /** System property naming the directory to keep unpacked native libraries in. */
    public static final String CACHE_DIR_PROPERTY = "magpie.native.dir";

    private static final Logger LOG = LoggerFactory.getLogger(OpenCvLibrary.class);
    private static final String LIBRARY = "libopencv_java490.so";

    private OpenCvLibrary() {
    }

    /** Loads the library unless this JVM already has; later calls are free. */
    public static void load() {
        Holder.touch();
    }

    /** The class-path resource holding the library for this OS and architecture, if openpnp ships one. */
    static Optional<String> resourceFor(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        String folder = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "ARMv8";
            case "arm" -> "ARMv7";
            default -> null;
        };
        return Optional.ofNullable(folder).map(f -> "/nu/pattern/opencv/linux/" + f + "/" + LIBRARY);
    }

    /** The cache directory this JVM uses. */
    static Path cacheDir() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "magpie-native-" + System.getProperty("user.name"));
    }

    private static void loadOnce() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        Optional<String> resource = resourceFor(os, arch);
        if (resource.isEmpty()) {
            fallBack("no bundled OpenCV library known for " + os + "/" + arch);
            return;
        }
        NativeLibraryCache cache = new NativeLibraryCache(cacheDir(), resource.get());
        if (!cache.resourcePresent()) {
            fallBack(resource.get() + " is not on the class path");
            return;
        }
        Path library;
        try {
            library = cache.extract();
        } catch (Exception e) {
            fallBack("could not cache the library: " + e);
            return;
        }
        try {
            System.load(library.toString());
        } catch (UnsatisfiedLinkError e) {
            fallBack("could not load " + library + ": " + e.getMessage());
            return;
        }
        LOG.debug("OpenCV native library loaded from {}", library);
    }

    private static void fallBack(String reason) {
        LOG.warn("OpenCV: {}; falling back to openpnp's loader, which unpacks a fresh copy under {}",
                reason, System.getProperty("java.io.tmpdir"));
        nu.pattern.OpenCV.loadLocally();
    }

    // The holder idiom makes the JVM run the load exactly once, thread-safely, without a mutable static flag.
    private static final class Holder {
        static {
            loadOnce();
        }

        static void touch() {
        }
    }
}
