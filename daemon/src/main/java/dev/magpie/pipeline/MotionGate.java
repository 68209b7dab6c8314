package dev.magpie.pipeline;

import java.time.Instant;
import org.opencv.core.Mat;

/**
 * Decides whether a frame is worth classifying. Unchanged scenes skip inference (a shelf at night, an empty feeder),
 * but a still scene is re-checked every so often so a slow change (light fading, a product slid out) is not missed.
 */
public interface MotionGate {

    /** True when the frame differs enough from the last one that passed, or the re-check interval has run out. */
    boolean shouldClassify(Mat bgr, Instant capturedAt);

    /** A gate that lets every frame through (motion.enabled: false). */
    MotionGate ALWAYS = (bgr, capturedAt) -> true;
}
