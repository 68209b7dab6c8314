package dev.magpie.pipeline;

import dev.magpie.learn.Metrics;
import dev.magpie.learn.TrainingResult;
import java.util.Locale;

/**
 * Whether a retrained model replaces the current one: only if it is not worse than the current model by more than
 * {@code maxRegression} in macro-F1, measured on the same held-out images. A first model, or one whose label set
 * changed (the owner added or removed a label), is promoted: there is nothing comparable to keep.
 */
public record PromotionPolicy(double maxRegression) {

    public record Decision(boolean promote, String reason) {
    }

    public PromotionPolicy {
        if (maxRegression < 0 || maxRegression > 1) {
            throw new IllegalArgumentException("maxRegression must be between 0 and 1, was " + maxRegression);
        }
    }

    public Decision decide(TrainingResult result) {
        Metrics fresh = result.metrics();
        if (result.previous().isEmpty()) {
            return new Decision(true, "first model");
        }
        String previous = result.previous().get().version();
        if (result.previousOnSameImages().isEmpty()) {
            return new Decision(true, "labels changed since " + previous + " (now " + String.join(", ", fresh.labels()) + ")");
        }
        Metrics before = result.previousOnSameImages().get();
        String comparison = String.format(Locale.ROOT, "macro-F1 %.3f vs %.3f for %s on the same %d held-out images",
                fresh.macroF1(), before.macroF1(), previous, fresh.heldOutRows());
        if (fresh.macroF1() >= before.macroF1() - maxRegression) {
            return new Decision(true, comparison);
        }
        return new Decision(false, comparison + String.format(Locale.ROOT, "; worse by more than %.3f, so %s stays",
                maxRegression, previous));
    }
}
