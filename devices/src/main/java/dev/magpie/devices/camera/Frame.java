package dev.magpie.devices.camera;

import java.time.Instant;
import org.opencv.core.Mat;

/**
 * One captured frame: 8-bit BGR pixels, when they were captured, and the source's running number. Whoever holds a
 * frame owns its native memory and closes it; the latest-frame slot closes frames it drops.
 */
public record Frame(Mat bgr, Instant capturedAt, long sequence) implements AutoCloseable {

    @Override
    public void close() {
        bgr.release();
    }
}
