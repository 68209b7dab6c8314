package dev.magpie.detect;

import dev.magpie.learn.Classifier;
import dev.magpie.vision.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/** Labels region crops; the trained head behind it has a {@code None} label for background. */
@FunctionalInterface
public interface RegionClassifier {

    /** For each crop, in order, every label with its probability. */
    List<List<dev.magpie.learn.Prediction.LabelScore>> scoreAll(List<Mat> crops);

    /** The usual one: the backbone embeds the crops in one batch, the model version's head scores them. */
    static RegionClassifier of(Classifier classifier, Embedder embedder) {
        return crops -> {
            List<List<dev.magpie.learn.Prediction.LabelScore>> out = new ArrayList<>(crops.size());
            for (float[] embedding : embedder.embedAll(crops)) {
                out.add(classifier.decide(embedding).scores());
            }
            return out;
        };
    }
}
