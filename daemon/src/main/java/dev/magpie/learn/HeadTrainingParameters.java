package dev.magpie.learn;

/**
 * Settings of one head training run; saved in training.json so a run can be repeated.
 *
 * @param epochs        passes over the training rows
 * @param learningRate  AdaGrad's base learning rate
 * @param batchSize     rows per gradient step
 * @param l2            L2 penalty on the weights. The inputs are unit vectors, so logits need large weights: 1e-4
 *                      held them back (the head trailed plain LR on 20 images/label); 1e-6 was chosen by
 *                      {@code HeadTuningBench} on validation images inside training splits (bench/head-tuning.txt)
 * @param seed          shuffling seed; the same seed and data give a byte-identical head
 * @param balanceClasses weight each row by {@code rows / (labels * rowsOfItsLabel)} so a rare label counts as much as
 *                      a common one (the "balanced" rule of scikit-learn)
 */
public record HeadTrainingParameters(int epochs, double learningRate, int batchSize, double l2, long seed, boolean balanceClasses) {

    public static final HeadTrainingParameters DEFAULTS = new HeadTrainingParameters(20, 0.5, 8, 1e-6, 42L, true);

    public HeadTrainingParameters {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be zero or positive, got " + l2);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }

    public HeadTrainingParameters withSeed(long newSeed) {
        return new HeadTrainingParameters(epochs, learningRate, batchSize, l2, newSeed, balanceClasses);
    }

    public HeadTrainingParameters withBalanceClasses(boolean balance) {
        return new HeadTrainingParameters(epochs, learningRate, batchSize, l2, seed, balance);
    }
}
