package dev.magpie.inbox;

import dev.magpie.learn.OpenSetRule;
import dev.magpie.learn.Prediction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Predictions for inbox tests. */
final class Predictions {

    private Predictions() {
    }

    static Prediction known(Object... labelsAndProbabilities) {
        List<Prediction.LabelScore> scores = scores(labelsAndProbabilities);
        return new Prediction("v7", scores, Optional.of(scores.get(0).label()), OpenSetRule.Reason.ACCEPTED, 0.1);
    }

    static Prediction unknown(Object... labelsAndProbabilities) {
        return new Prediction("v7", scores(labelsAndProbabilities), Optional.empty(), OpenSetRule.Reason.FAR_FROM_LABEL, 0.8);
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
