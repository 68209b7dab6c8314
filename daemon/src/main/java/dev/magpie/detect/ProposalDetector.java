package dev.magpie.detect;

import dev.magpie.learn.Prediction.LabelScore;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Object detection without training a detector: a {@link RegionProposer} says where something might be, the trained
 * head says what each region holds (a label, or {@code None} for background), and per-class NMS keeps the best box
 * of each cluster. Every non-{@code None} label whose probability reaches {@code minScore} gives a detection, so one
 * region may be reported as two labels when the head is torn (mAP counts both as it should).
 */
public final class ProposalDetector {

    public static final String BACKGROUND = "None";

    private final RegionProposer proposer;
    private final RegionClassifier classifier;
    private final double minScore;
    private final double nmsIou;

    public ProposalDetector(RegionProposer proposer, RegionClassifier classifier, double minScore, double nmsIou) {
        if (!(minScore >= 0) || minScore > 1) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        if (!(nmsIou > 0) || nmsIou > 1) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1], got " + nmsIou);
        }
        this.proposer = proposer;
        this.classifier = classifier;
        this.minScore = minScore;
        this.nmsIou = nmsIou;
    }

    /** Detections on one frame, best first. The frame is only read. */
    public List<LabelledBox> detect(Mat bgr) {
        List<Box> proposals = new ArrayList<>();
        for (Box b : proposer.propose(bgr)) {
            Box clipped = b.clippedTo(bgr.cols(), bgr.rows());
            if (clipped.width() >= 2 && clipped.height() >= 2) {
                proposals.add(clipped);
            }
        }
        if (proposals.isEmpty()) {
            return List.of();
        }
        List<Mat> crops = new ArrayList<>(proposals.size());
        try {
            for (Box b : proposals) {
                crops.add(Crops.paddedSquare(bgr, b));
            }
            return decide(proposals, classifier.scoreAll(crops), minScore, nmsIou);
        } finally {
            crops.forEach(Mat::release);
        }
    }

    /** The labelling step alone, for callers that already scored the proposals (the bench caches them). */
    public static List<LabelledBox> decide(List<Box> proposals, List<List<LabelScore>> scores, double minScore, double nmsIou) {
        if (proposals.size() != scores.size()) {
            throw new IllegalArgumentException(proposals.size() + " proposals but " + scores.size() + " score lists");
        }
        List<LabelledBox> candidates = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            for (LabelScore s : scores.get(i)) {
                if (!s.label().equals(BACKGROUND) && s.probability() >= minScore && s.probability() > 0) {
                    candidates.add(new LabelledBox(s.label(), s.probability(), proposals.get(i)));
                }
            }
        }
        return Nms.perClass(candidates, nmsIou);
    }
}
