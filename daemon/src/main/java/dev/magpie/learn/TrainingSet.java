package dev.magpie.learn;

import java.util.List;

/**
 * Embeddings of labelled training rows, as the backbone produced them.
 *
 * @param embeddings     one row per image, all of the same width
 * @param labelIndex     for each row, an index into {@code labelNames}
 * @param labelNames     label order; the head's output columns follow it
 * @param augmentedViews for each row, embeddings of augmented views of that same image (may be empty); the caller
 *                       computes them. They inherit the row's label and are only ever used for training.
 */
public record TrainingSet(float[][] embeddings, int[] labelIndex, List<String> labelNames, float[][][] augmentedViews) {

    public TrainingSet {
        if (embeddings.length != labelIndex.length) {
            throw new IllegalArgumentException(embeddings.length + " embeddings but " + labelIndex.length + " labels");
        }
        if (embeddings.length == 0) {
            throw new IllegalArgumentException("training set is empty");
        }
        if (labelNames.size() < 2) {
            throw new IllegalArgumentException("need at least 2 labels to train a classifier, got " + labelNames);
        }
        labelNames = List.copyOf(labelNames);
        int width = embeddings[0].length;
        for (int i = 0; i < embeddings.length; i++) {
            if (embeddings[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has width " + embeddings[i].length + ", row 0 has " + width);
            }
            if (labelIndex[i] < 0 || labelIndex[i] >= labelNames.size()) {
                throw new IllegalArgumentException("row " + i + " has label index " + labelIndex[i] + " outside 0.." + (labelNames.size() - 1));
            }
        }
        if (augmentedViews == null) {
            augmentedViews = new float[embeddings.length][0][];
        } else if (augmentedViews.length != embeddings.length) {
            throw new IllegalArgumentException(augmentedViews.length + " augmented-view lists for " + embeddings.length + " rows");
        }
        for (int i = 0; i < augmentedViews.length; i++) {
            for (float[] view : augmentedViews[i]) {
                if (view.length != width) {
                    throw new IllegalArgumentException("an augmented view of row " + i + " has width " + view.length + ", expected " + width);
                }
            }
        }
    }

    /** A training set without augmented views. */
    public TrainingSet(float[][] embeddings, int[] labelIndex, List<String> labelNames) {
        this(embeddings, labelIndex, labelNames, null);
    }

    public int rows() {
        return embeddings.length;
    }

    public int width() {
        return embeddings[0].length;
    }

    public int labelCount() {
        return labelNames.size();
    }

    public int augmentedViewCount() {
        int n = 0;
        for (float[][] views : augmentedViews) {
            n += views.length;
        }
        return n;
    }

    /** The rows picked by {@code rows}, with their augmented views; used to cut a train split out of a dataset. */
    public TrainingSet subset(int[] rows) {
        float[][] e = new float[rows.length][];
        int[] y = new int[rows.length];
        float[][][] v = new float[rows.length][][];
        for (int i = 0; i < rows.length; i++) {
            e[i] = embeddings[rows[i]];
            y[i] = labelIndex[rows[i]];
            v[i] = augmentedViews[rows[i]];
        }
        return new TrainingSet(e, y, labelNames, v);
    }
}
