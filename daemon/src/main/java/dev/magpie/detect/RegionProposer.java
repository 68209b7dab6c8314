package dev.magpie.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * Class-agnostic candidate regions of a frame, in pixels. The trained head says what (if anything) each one holds.
 * Implementations: {@link SlidingWindowProposer}, {@link MotionBlobProposer}, {@link DetectorProposer} (a COCO
 * detector's boxes of every class), and {@link #union} of two.
 */
@FunctionalInterface
public interface RegionProposer {

    List<Box> propose(Mat bgr);

    /** The proposals of both, the second's boxes that overlap one of the first's by {@code iou} or more dropped. */
    static RegionProposer union(RegionProposer first, RegionProposer second, double iou) {
        return frame -> {
            List<Box> out = new java.util.ArrayList<>(first.propose(frame));
            int firstCount = out.size();
            for (Box b : second.propose(frame)) {
                boolean duplicate = false;
                for (int i = 0; i < firstCount && !duplicate; i++) {
                    duplicate = out.get(i).iou(b) >= iou;
                }
                if (!duplicate) {
                    out.add(b);
                }
            }
            return out;
        };
    }
}
