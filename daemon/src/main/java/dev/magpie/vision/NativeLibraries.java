package dev.magpie.vision;

import dev.magpie.devices.natives.OpenCvLibrary;

/** Loads OpenCV's bundled native library once per JVM; later calls are free. */
public final class NativeLibraries {

    private NativeLibraries() {
    }

    /** Loads OpenCV through {@link OpenCvLibrary}, which unpacks it once into a cache that every later JVM reuses. */
    public static void loadOpenCv() {
        OpenCvHolder.touch();
    }

    // The holder idiom makes the JVM run the load exactly once, thread-safely, without a mutable static flag.
    private static final class OpenCvHolder {
        static {
            OpenCvLibrary.load();
        }

        static void touch() {
        }
    }
}
