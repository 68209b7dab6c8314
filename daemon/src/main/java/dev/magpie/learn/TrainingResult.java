package dev.magpie.learn;

import java.util.Optional;

/**
 * The outcome of one training run: the new version (saved, not yet current unless promoted), its held-out metrics,
 * and the metrics of the version that was current before, for comparison.
 */
public record TrainingResult(String version, Metrics metrics, TrainingRecord record, Optional<ModelSummary> previous) {
}
