package dev.magpie.learn;

import java.util.List;

/** Everything one model version directory holds. */
public record ModelArtifacts(byte[] headOnnx, List<String> labels, Metrics metrics, OpenSetRule openSet, TrainingRecord training) {

    public ModelArtifacts {
        labels = List.copyOf(labels);
    }
}
