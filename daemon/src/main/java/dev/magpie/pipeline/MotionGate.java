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

    /**
     * Classifies only when this gate and {@code other} both agree (a PIR that gates the camera's own motion gate).
     * {@code other} is asked only when this gate says yes.
     */
    default MotionGate and(MotionGate other) {
        return (bgr, capturedAt) -> shouldClassify(bgr, capturedAt) && other.shouldClassify(bgr, capturedAt);
    }

    /**
     * Classifies when either gate says yes (a PIR trigger besides the camera's motion gate). This gate is always
     * asked first, so a frame-differencing gate keeps its reference up to date.
     */
    default MotionGate or(MotionGate other) {
        return (bgr, capturedAt) -> shouldClassify(bgr, capturedAt) || other.shouldClassify(bgr, capturedAt);
    }
}
