package dev.magpie.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores detections against ground-truth boxes on held-out images, PASCAL VOC style: per label, detections of all
 * images sorted by score, each matched greedily to the unmatched ground-truth box of its label and image with the
 * highest IoU, a true positive when that IoU reaches {@code iouThreshold} (0.5 for mAP@0.5), else a false positive
 * (a second detection of an already matched box included). AP is the area under the precision-recall curve with
 * precision made monotone (VOC 2010+ all-point interpolation); mAP is the mean AP over labels with ground truth.
 * Precision and recall per label are reported at one score threshold, the working point a user would alert at.
 */
public final class DetectionEvaluator {

    private final double iouThreshold;
    private final double scoreThreshold;

    public DetectionEvaluator(double iouThreshold, double scoreThreshold) {
        if (!(iouThreshold > 0) || iouThreshold > 1) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
        this.scoreThreshold = scoreThreshold;
    }

    /** One held-out image: its ground-truth boxes and what the detector said. */
    public record ImageResult(List<LabelledBox> truth, List<LabelledBox> detections) {
        public ImageResult {
            truth = List.copyOf(truth);
            detections = List.copyOf(detections);
        }
    }

    /**
     * @param ap        average precision at the IoU threshold
     * @param precision TP / (TP + FP) among detections scoring at least the score threshold (1 when there are none)
     * @param recall    TP / ground-truth boxes at the same threshold
     */
    public record LabelScore(String label, int truthBoxes, int detections, double ap, double precision, double recall) {
    }

    public record Report(double meanAp, Map<String, LabelScore> perLabel) {
    }

    public Report evaluate(List<ImageResult> images) {
        TreeSet<String> labels = new TreeSet<>();
        for (ImageResult image : images) {
            image.truth().forEach(t -> labels.add(t.label()));
            image.detections().forEach(d -> labels.add(d.label()));
        }
        Map<String, LabelScore> perLabel = new LinkedHashMap<>();
        double apSum = 0;
        int withTruth = 0;
        for (String label : labels) {
            LabelScore score = evaluateLabel(label, images);
            perLabel.put(label, score);
            if (score.truthBoxes() > 0) {
                apSum += score.ap();
                withTruth++;
            }
        }
        return new Report(withTruth == 0 ? 0 : apSum / withTruth, perLabel);
    }

    private record Ranked(int image, LabelledBox detection) {
    }

    private LabelScore evaluateLabel(String label, List<ImageResult> images) {
        List<List<Box>> truth = new ArrayList<>();
        List<boolean[]> used = new ArrayList<>();
        List<Ranked> ranked = new ArrayList<>();
        int truthCount = 0;
        for (int i = 0; i < images.size(); i++) {
            List<Box> boxes = new ArrayList<>();
            for (LabelledBox t : images.get(i).truth()) {
                if (t.label().equals(label)) {
                    boxes.add(t.box());
                }
            }
            truth.add(boxes);
            used.add(new boolean[boxes.size()]);
            truthCount += boxes.size();
            for (LabelledBox d : images.get(i).detections()) {
                if (d.label().equals(label)) {
                    ranked.add(new Ranked(i, d));
                }
            }
        }
        ranked.sort(Comparator.comparingDouble((Ranked r) -> r.detection().score()).reversed());
        boolean[] truePositive = new boolean[ranked.size()];
        for (int k = 0; k < ranked.size(); k++) {
            Ranked r = ranked.get(k);
            List<Box> boxes = truth.get(r.image());
            int best = -1;
            double bestIou = -1;
            for (int j = 0; j < boxes.size(); j++) {
                double iou = boxes.get(j).iou(r.detection().box());
                if (!used.get(r.image())[j] && iou > bestIou) {
                    bestIou = iou;
                    best = j;
                }
            }
            if (best >= 0 && bestIou >= iouThreshold) {
                used.get(r.image())[best] = true;
                truePositive[k] = true;
            }
        }
        int tp = 0;
        int tpAtThreshold = 0;
        int detectionsAtThreshold = 0;
        double[] precision = new double[ranked.size()];
        double[] recall = new double[ranked.size()];
        for (int k = 0; k < ranked.size(); k++) {
            if (truePositive[k]) {
                tp++;
            }
            precision[k] = (double) tp / (k + 1);
            recall[k] = truthCount == 0 ? 0 : (double) tp / truthCount;
            if (ranked.get(k).detection().score() >= scoreThreshold) {
                detectionsAtThreshold++;
                tpAtThreshold = tp;
            }
        }
        double ap = truthCount == 0 ? 0 : averagePrecision(precision, recall);
        double p = detectionsAtThreshold == 0 ? 1.0 : (double) tpAtThreshold / detectionsAtThreshold;
        double rc = truthCount == 0 ? 0 : (double) tpAtThreshold / truthCount;
        return new LabelScore(label, truthCount, detectionsAtThreshold, ap, p, rc);
    }

    /** VOC all-point interpolated AP: sum over recall steps of the best precision at that recall or beyond. */
    static double averagePrecision(double[] precision, double[] recall) {
        int n = precision.length;
        double[] mpre = new double[n + 2];
        double[] mrec = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mpre[i + 1] = precision[i];
            mrec[i + 1] = recall[i];
        }
        for (int i = n; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i <= n + 1; i++) {
            if (mrec[i] != mrec[i - 1]) {
                ap += (mrec[i] - mrec[i - 1]) * mpre[i];
            }
        }
        return ap;
    }
}
