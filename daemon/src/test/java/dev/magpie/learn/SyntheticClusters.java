package dev.magpie.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Backbone-like embeddings: non-negative (ReLU), roughly 0-3, one cluster per label: a random dense centre with
 * multiplicative Gaussian noise (relative spread {@code noise}), clipped at 0 and 3, so clusters overlap in most dimensions as real embeddings do.
 */
final class SyntheticClusters {

    static final int WIDTH = 1280;

    private final Random random;
    private final float[][] centres;
    private final double noise;

    SyntheticClusters(long seed, int labels, double noise) {
        this(seed, labels, noise, 1.0);
    }

    /**
     * @param separation 1 for independent centres; towards 0 every centre moves towards one shared centre, so the
     *                   clusters overlap (to make a hard problem)
     */
    SyntheticClusters(long seed, int labels, double noise, double separation) {
        this.random = new Random(seed);
        this.noise = noise;
        float[] shared = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            shared[j] = randomCentreValue();
        }
        centres = new float[labels][WIDTH];
        for (float[] centre : centres) {
            for (int j = 0; j < WIDTH; j++) {
                centre[j] = (float) (shared[j] + separation * (randomCentreValue() - shared[j]));
            }
        }
    }

    /** Dense like average-pooled ReLU features: every dimension positive, a third of them strong. */
    private float randomCentreValue() {
        return (float) (random.nextDouble() < 0.3 ? 0.5 + random.nextDouble() * 1.5 : 0.05 + random.nextDouble() * 0.3);
    }

    float[] sample(int label) {
        float[] v = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            v[j] = (float) Math.min(3.0, Math.max(0.0, centres[label][j] * (1.0 + noise * random.nextGaussian())));
        }
        return v;
    }

    /** A point from no cluster: a fresh random centre. */
    float[] stranger() {
        float[] v = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            v[j] = randomCentreValue();
        }
        return v;
    }

    static List<String> labelNames(int labels) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < labels; c++) {
            names.add("label_" + c);
        }
        return names;
    }

    /** {@code perLabel[c]} rows of label c, labels interleaved. */
    TrainingSet set(int... perLabel) {
        int total = 0;
        for (int n : perLabel) {
            total += n;
        }
        float[][] x = new float[total][];
        int[] y = new int[total];
        int[] left = perLabel.clone();
        int i = 0;
        while (i < total) {
            for (int c = 0; c < perLabel.length; c++) {
                if (left[c] > 0) {
                    left[c]--;
                    x[i] = sample(c);
                    y[i] = c;
                    i++;
                }
            }
        }
        return new TrainingSet(x, y, labelNames(perLabel.length));
    }
}
