package dev.magpie.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression per class: the best box of a label suppresses that label's boxes overlapping it. */
public final class Nms {

    private Nms() {
    }

    /** Kept boxes, best first; boxes of different labels never suppress each other. */
    public static List<LabelledBox> perClass(List<LabelledBox> boxes, double iouThreshold) {
        List<LabelledBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(LabelledBox::score).reversed());
        List<LabelledBox> kept = new ArrayList<>();
        for (LabelledBox candidate : sorted) {
            boolean suppressed = false;
            for (LabelledBox k : kept) {
                if (k.label().equals(candidate.label()) && k.box().iou(candidate.box()) > iouThreshold) {
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
