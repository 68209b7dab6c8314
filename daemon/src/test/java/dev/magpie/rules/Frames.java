package dev.magpie.rules;

import dev.magpie.learn.OpenSetRule;
import dev.magpie.learn.Prediction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Builds predictions for rule tests: what the classifier would say about one frame. */
final class Frames {

    static final String MODEL = "v7";

    private Frames() {
    }

    /** The model answers {@code label} with probability {@code p}; the rest goes to {@code other}. */
    static Prediction says(String label, double p, String other) {
        return known(label, p, other, 1 - p);
    }

    /** A known answer with the given (label, probability) pairs; the answer is the most probable. */
    static Prediction known(Object... labelsAndProbabilities) {
        List<Prediction.LabelScore> scores = scores(labelsAndProbabilities);
        return new Prediction(MODEL, scores, Optional.of(scores.get(0).label()), OpenSetRule.Reason.ACCEPTED, 0.1);
    }

    /** The open-set rule rejected the frame, whatever the head's scores. */
    static Prediction unknown(Object... labelsAndProbabilities) {
        return new Prediction(MODEL, scores(labelsAndProbabilities), Optional.empty(), OpenSetRule.Reason.FAR_FROM_LABEL, 0.9);
    }

    private static List<Prediction.LabelScore> scores(Object... pairs) {
        List<Prediction.LabelScore> scores = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            scores.add(new Prediction.LabelScore((String) pairs[i], ((Number) pairs[i + 1]).doubleValue()));
        }
        scores.sort(Comparator.comparingDouble(Prediction.LabelScore::probability).reversed());
        return scores;
    }
}
