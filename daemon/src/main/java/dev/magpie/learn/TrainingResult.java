package dev.magpie.learn;

import java.util.Optional;

/**
 * The outcome of one training run: the new version (saved, not yet current unless promoted), its held-out metrics,
 * the version that was current before, and that version scored on the same held-out images (when it has the same
 * labels), which is the fair comparison for deciding a promotion.
 */
public record TrainingResult(String version, Metrics metrics, TrainingRecord record, Optional<ModelSummary> previous,
                             Optional<Metrics> previousOnSameImages) {
}
