package dev.magpie.vision;

import java.util.List;
import org.opencv.core.Mat;

/** Names the species in an image of one animal (a detector's crop). Owns native memory: close it. */
public interface SpeciesClassifier extends AutoCloseable {

    /** The {@code top} best answers for a BGR image, best first. The image is not modified or released. */
    List<SpeciesPrediction> classify(Mat bgr, int top);

    @Override
    void close();
}
