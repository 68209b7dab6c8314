package dev.magpie.detect;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The fallback proposer: windows of every combination of the given widths and heights (fractions of the frame's
 * width and height), stepped by {@code strideFraction} of the window's own size, the last window of each row and
 * column flush with the frame edge. It finds objects no detector knows and needs no motion, at the cost of many crops
 * (a few hundred per frame with the defaults) and boxes only as tight as the grid.
 */
public final class SlidingWindowProposer implements RegionProposer {

    /** 4 × 4 shapes, a third of a window per step: 324 windows on any frame. */
    public static final SlidingWindowProposer DEFAULT =
            new SlidingWindowProposer(new double[] {0.3, 0.45, 0.6, 0.8}, new double[] {0.3, 0.45, 0.6, 0.8}, 1.0 / 3);

    private final double[] widthFractions;
    private final double[] heightFractions;
    private final double strideFraction;

    public SlidingWindowProposer(double[] widthFractions, double[] heightFractions, double strideFraction) {
        check(widthFractions, "widthFractions");
        check(heightFractions, "heightFractions");
        if (!(strideFraction > 0) || strideFraction > 1) {
            throw new IllegalArgumentException("strideFraction must be in (0, 1], got " + strideFraction);
        }
        this.widthFractions = widthFractions.clone();
        this.heightFractions = heightFractions.clone();
        this.strideFraction = strideFraction;
    }

    private static void check(double[] fractions, String name) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        for (double f : fractions) {
            if (!(f > 0) || f > 1) {
                throw new IllegalArgumentException(name + " must be in (0, 1], got " + f);
            }
        }
    }

    @Override
    public List<Box> propose(Mat bgr) {
        return windows(bgr.cols(), bgr.rows());
    }

    public List<Box> windows(int frameWidth, int frameHeight) {
        List<Box> out = new ArrayList<>();
        for (double fw : widthFractions) {
            for (double fh : heightFractions) {
                double w = fw * frameWidth;
                double h = fh * frameHeight;
                for (double y : positions(frameHeight, h)) {
                    for (double x : positions(frameWidth, w)) {
                        out.add(new Box(x, y, w, h));
                    }
                }
            }
        }
        return out;
    }

    private List<Double> positions(int extent, double size) {
        List<Double> out = new ArrayList<>();
        double step = Math.max(1, size * strideFraction);
        double last = extent - size;
        for (double p = 0; p < last - 1e-9; p += step) {
            out.add(p);
        }
        out.add(Math.max(0, last));
        return out;
    }
}
