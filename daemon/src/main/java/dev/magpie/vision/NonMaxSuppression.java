package dev.magpie.vision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Per-class greedy non-maximum suppression. Pure. */
public final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /**
     * Keeps, class by class, each box that does not overlap a better-scoring kept box of its class by more than
     * {@code iouThreshold}. The result is sorted best first.
     */
    public static List<Detection> perClass(List<Detection> candidates, double iouThreshold) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            boolean suppressed = false;
            for (Detection better : kept) {
                if (better.classIndex() == candidate.classIndex() && better.iou(candidate) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
