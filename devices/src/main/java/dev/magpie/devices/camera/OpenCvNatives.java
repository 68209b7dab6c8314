package dev.magpie.devices.camera;

/** Loads OpenCV's bundled native library once per JVM; every source that makes {@code Mat}s calls it first. */
final class OpenCvNatives {

    private OpenCvNatives() {
    }

    static void load() {
        Holder.touch();
    }

    // The holder idiom makes the JVM run the load exactly once, thread-safely, without a mutable static flag.
    private static final class Holder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void touch() {
        }
    }
}
