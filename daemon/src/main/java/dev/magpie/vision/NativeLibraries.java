package dev.magpie.vision;

/** Loads OpenCV's bundled native library once per JVM; later calls are free. */
public final class NativeLibraries {

    private NativeLibraries() {
    }

    public static void loadOpenCv() {
        OpenCvHolder.touch();
    }

    // The holder idiom makes the JVM run the load exactly once, thread-safely, without a mutable static flag.
    private static final class OpenCvHolder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void touch() {
        }
    }
}
