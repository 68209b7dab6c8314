package dev.magpie.detect;

import dev.magpie.vision.Detection;
import dev.magpie.vision.Detector;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Proposes a COCO detector's boxes, class-agnostic: whatever the detector thinks is an object (a fork may come back as
 * "knife", "spoon" or "toothbrush"; the class is ignored, the trained head names it). For good recall the detector
 * should keep every class and a low score threshold ({@link #SCORE_THRESHOLD}, as {@code /api/v1/detect} loads it).
 * Boxes scoring below {@code minScore} are dropped, a box overlapping a better-scored one by {@code dedupIou} or more
 * is dropped (the detector's NMS is per class, so the same object comes back once per class it resembles), at most
 * {@code maxProposals} are kept (best first), and each is grown by {@code padFraction} of its size on every side and
 * clipped to the frame. The detector is not closed here. Thread-safe when the detector is.
 */
public final class DetectorProposer implements RegionProposer {

    /** The score threshold the proposing detector should be loaded with: low, since the head decides. */
    public static final double SCORE_THRESHOLD = 0.05;

    private final Detector detector;
    private final double minScore;
    private final double dedupIou;
    private final int maxProposals;
    private final double padFraction;

    public DetectorProposer(Detector detector, double minScore, double dedupIou, int maxProposals, double padFraction) {
        if (detector == null) {
            throw new IllegalArgumentException("detector is null");
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be 0-1, got " + minScore);
        }
        if (!(dedupIou > 0 && dedupIou <= 1)) {
            throw new IllegalArgumentException("dedupIou must be in (0, 1], got " + dedupIou);
        }
        if (maxProposals < 1) {
            throw new IllegalArgumentException("maxProposals must be at least 1, got " + maxProposals);
        }
        if (!(padFraction >= 0 && padFraction <= 1)) {
            throw new IllegalArgumentException("padFraction must be 0-1, got " + padFraction);
        }
        this.detector = detector;
        this.minScore = minScore;
        this.dedupIou = dedupIou;
        this.maxProposals = maxProposals;
        this.padFraction = padFraction;
    }

    /** Score 0.05 or more, class-agnostic dedup at IoU 0.7, at most 100 boxes, 5 % padding. */
    public DetectorProposer(Detector detector) {
        this(detector, SCORE_THRESHOLD, 0.7, 100, 0.05);
    }

    @Override
    public List<Box> propose(Mat bgr) {
        List<Detection> found = new ArrayList<>(detector.detect(bgr));
        found.sort((a, b) -> Double.compare(b.score(), a.score()));
        List<Box> kept = new ArrayList<>();
        for (Detection d : found) {
            if (kept.size() >= maxProposals) {
                break;
            }
            if (d.score() < minScore) {
                continue;
            }
            Box raw = new Box(d.x(), d.y(), Math.max(0, d.width()), Math.max(0, d.height())).clippedTo(bgr.cols(), bgr.rows());
            if (raw.width() < 2 || raw.height() < 2) {
                continue;
            }
            boolean duplicate = false;
            for (int i = 0; i < kept.size() && !duplicate; i++) {
                duplicate = kept.get(i).iou(raw) >= dedupIou;
            }
            if (!duplicate) {
                kept.add(raw);
            }
        }
        List<Box> out = new ArrayList<>(kept.size());
        for (Box b : kept) {
            double mx = b.width() * padFraction;
            double my = b.height() * padFraction;
            out.add(new Box(b.x() - mx, b.y() - my, b.width() + 2 * mx, b.height() + 2 * my).clippedTo(bgr.cols(), bgr.rows()));
        }
        return out;
    }
}
