package dev.magpie.detect;

import org.opencv.core.Mat;

/**
 * Names the species in a bird crop. Implemented by the iNat bird model (in vision, adapted where the pipeline wires
 * it) or by the owner's own trained head; tests use a lambda.
 */
@FunctionalInterface
public interface SpeciesClassifier {

    SpeciesGuess classify(Mat crop);
}
