package dev.magpie.pipeline;

import java.time.Duration;
import java.time.Instant;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Motion by frame differencing on a small blurred grey copy: cheap enough to run on every frame of a Pi (about
 * 0.3 ms at 160×120), and blind to sensor noise thanks to the blur and a per-pixel threshold. The reference frame
 * is the last one that passed, so a slow drift accumulates until it counts instead of being lost frame by frame.
 * Not thread-safe: one per camera, used on the pipeline thread.
 */
public final class FrameDifferenceGate implements MotionGate, AutoCloseable {

    private static final Size SMALL = new Size(160, 120);

    private final double changedFraction;
    private final int pixelThreshold;
    private final Duration recheck;
    private final Mat reference = new Mat();
    private final Mat small = new Mat();
    private final Mat difference = new Mat();
    private Instant lastPassed = Instant.MIN;

    /**
     * @param changedFraction share of pixels that must change, e.g. 0.005
     * @param pixelThreshold grey-level difference (0-255) at which one pixel counts as changed
     * @param recheck classify a still scene at least this often
     */
    public FrameDifferenceGate(double changedFraction, int pixelThreshold, Duration recheck) {
        if (changedFraction <= 0 || changedFraction >= 1) {
            throw new IllegalArgumentException("changedFraction must be between 0 and 1, was " + changedFraction);
        }
        if (pixelThreshold < 1 || pixelThreshold > 254) {
            throw new IllegalArgumentException("pixelThreshold must be 1-254, was " + pixelThreshold);
        }
        this.changedFraction = changedFraction;
        this.pixelThreshold = pixelThreshold;
        this.recheck = recheck;
    }

    @Override
    public boolean shouldClassify(Mat bgr, Instant capturedAt) {
        Imgproc.resize(bgr, small, SMALL, 0, 0, Imgproc.INTER_AREA);
        Imgproc.cvtColor(small, small, Imgproc.COLOR_BGR2GRAY);
        Imgproc.GaussianBlur(small, small, new Size(5, 5), 0);
        boolean due = reference.empty() || !capturedAt.isBefore(lastPassed.plus(recheck));
        if (!due) {
            Core.absdiff(small, reference, difference);
            Imgproc.threshold(difference, difference, pixelThreshold, 255, Imgproc.THRESH_BINARY);
            due = Core.countNonZero(difference) >= changedFraction * difference.total();
        }
        if (due) {
            small.copyTo(reference);
            lastPassed = capturedAt;
        }
        return due;
    }

    @Override
    public void close() {
        reference.release();
        small.release();
        difference.release();
    }
}
