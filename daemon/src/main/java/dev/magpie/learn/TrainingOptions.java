package dev.magpie.learn;

/**
 * What a training run does besides fitting the head.
 *
 * @param augmentedViews extra views per training image
 * @param heldOutFraction share of each label held out when the dataset has no split of its own
 * @param threshold the decision threshold the saved metrics are computed at (the web slider moves it later)
 * @param openSetPercentile share of a label's training images that must fall inside its accepted distance
 * @param openSetMargin how far beyond that distance a frame may still be called the label
 * @param minConfidence below this top-1 probability the answer is "unknown"
 */
public record TrainingOptions(HeadTrainingParameters head, int augmentedViews, double heldOutFraction, double threshold,
                              double openSetPercentile, double openSetMargin, double minConfidence, int batchSize) {

    public static TrainingOptions defaults(long seed) {
        return new TrainingOptions(HeadTrainingParameters.DEFAULTS.withSeed(seed), 4, 0.2, 0.5, 0.95, 1.5, 0.5, 8);
    }

    public TrainingOptions withSeed(long seed) {
        return new TrainingOptions(head.withSeed(seed), augmentedViews, heldOutFraction, threshold, openSetPercentile, openSetMargin, minConfidence, batchSize);
    }

    public TrainingOptions withAugmentedViews(int views) {
        return new TrainingOptions(head, views, heldOutFraction, threshold, openSetPercentile, openSetMargin, minConfidence, batchSize);
    }

    public TrainingOptions withHeldOutFraction(double fraction) {
        return new TrainingOptions(head, augmentedViews, fraction, threshold, openSetPercentile, openSetMargin, minConfidence, batchSize);
    }

    public TrainingOptions withBatchSize(int size) {
        return new TrainingOptions(head, augmentedViews, heldOutFraction, threshold, openSetPercentile, openSetMargin, minConfidence, size);
    }
}
