package dev.magpie.config;

/**
 * How the head is trained.
 *
 * @param seed makes splits, augmentation and training repeatable
 * @param augmentedViews extra views per training image (mirror, crop/scale, brightness/contrast), 0-16
 * @param holdoutFraction share of each label held out for evaluation when the dataset has no split of its own
 */
public record TrainingConfig(Long seed, Integer augmentedViews, Double holdoutFraction) {

    public TrainingConfig {
        seed = seed == null ? 42L : seed;
        augmentedViews = augmentedViews == null ? 4 : augmentedViews;
        holdoutFraction = holdoutFraction == null ? 0.2 : holdoutFraction;
        if (augmentedViews < 0 || augmentedViews > 16) {
            throw new InvalidValueException("augmented_views", augmentedViews, "must be between 0 and 16");
        }
        if (holdoutFraction < 0.05 || holdoutFraction > 0.5) {
            throw new InvalidValueException("holdout_fraction", holdoutFraction, "must be between 0.05 and 0.5");
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null);
    }
}
