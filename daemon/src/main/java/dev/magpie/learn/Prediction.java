package dev.magpie.learn;

import java.util.List;
import java.util.Optional;

/**
 * What the model says about one image.
 *
 * @param model the version that answered
 * @param scores every label with its probability, most likely first
 * @param label the answer, or empty when the image is unlike every label ("unknown")
 * @param reason why the answer was accepted or turned into unknown
 * @param distance cosine distance from the embedding to the top label's training centroid
 */
public record Prediction(String model, List<LabelScore> scores, Optional<String> label, OpenSetRule.Reason reason,
                         double distance) {

    public record LabelScore(String label, double probability) {
    }

    public boolean unknown() {
        return label.isEmpty();
    }

    public LabelScore top() {
        return scores.get(0);
    }
}
