package dev.magpie.detect;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Proposes the bounding boxes of what changed since the previous frame: grey, blurred frame difference, threshold,
 * dilate (so a bird's wing and body join), external contours, boxes of at least {@code minAreaFraction} of the frame,
 * each grown by {@code marginFraction} of its size. The first frame proposes nothing. Finds only what moves: a
 * fork lying still on a table is invisible to it, so pair it with {@link SlidingWindowProposer} or a detector.
 * Not thread-safe (it keeps the previous frame); close it to free that frame.
 */
public final class MotionBlobProposer implements RegionProposer, AutoCloseable {

    private final int threshold;
    private final double minAreaFraction;
    private final double marginFraction;
    private final Mat previous = new Mat();
    private final Mat grey = new Mat();
    private final Mat diff = new Mat();
    private final Mat kernel;

    public MotionBlobProposer(int threshold, double minAreaFraction, double marginFraction) {
        if (threshold < 1 || threshold > 255) {
            throw new IllegalArgumentException("threshold must be 1-255, got " + threshold);
        }
        if (!(minAreaFraction >= 0) || minAreaFraction >= 1) {
            throw new IllegalArgumentException("minAreaFraction must be in [0, 1), got " + minAreaFraction);
        }
        if (!(marginFraction >= 0)) {
            throw new IllegalArgumentException("marginFraction must be >= 0, got " + marginFraction);
        }
        this.threshold = threshold;
        this.minAreaFraction = minAreaFraction;
        this.marginFraction = marginFraction;
        this.kernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(9, 9));
    }

    public MotionBlobProposer() {
        this(25, 0.002, 0.15);
    }

    @Override
    public List<Box> propose(Mat bgr) {
        if (bgr.channels() == 1) {
            bgr.copyTo(grey);
        } else {
            Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        }
        Imgproc.GaussianBlur(grey, grey, new Size(5, 5), 0);
        if (previous.empty() || previous.size().width != grey.size().width || previous.size().height != grey.size().height) {
            grey.copyTo(previous);
            return List.of();
        }
        Core.absdiff(grey, previous, diff);
        grey.copyTo(previous);
        Imgproc.threshold(diff, diff, threshold, 255, Imgproc.THRESH_BINARY);
        Imgproc.dilate(diff, diff, kernel, new org.opencv.core.Point(-1, -1), 2);
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        Imgproc.findContours(diff, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
        hierarchy.release();
        double minArea = minAreaFraction * bgr.cols() * bgr.rows();
        List<Box> out = new ArrayList<>();
        for (MatOfPoint contour : contours) {
            Rect r = Imgproc.boundingRect(contour);
            contour.release();
            if ((double) r.width * r.height < minArea) {
                continue;
            }
            double mx = r.width * marginFraction;
            double my = r.height * marginFraction;
            out.add(new Box(r.x - mx, r.y - my, r.width + 2 * mx, r.height + 2 * my).clippedTo(bgr.cols(), bgr.rows()));
        }
        return out;
    }

    @Override
    public void close() {
        previous.release();
        grey.release();
        diff.release();
        kernel.release();
    }
}
