package dev.magpie.learn;

/**
 * k-nearest neighbours by cosine similarity on L2-normalised embeddings; majority vote, a tied vote going to the
 * label with the larger summed similarity. The caller picks k (the benchmark tries 1-5 and keeps the best).
 */
public final class KNearestNeighbours implements BaselineClassifier {

    private final int k;
    private float[][] units;
    private int[] labels;
    private int labelCount;

    public KNearestNeighbours(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public void fit(float[][] embeddings, int[] labelIndex, int labelCount) {
        units = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            units[i] = Embeddings.l2Normalised(embeddings[i]);
        }
        labels = labelIndex.clone();
        this.labelCount = labelCount;
    }

    @Override
    public int predict(float[] embedding) {
        float[] unit = Embeddings.l2Normalised(embedding);
        int kept = Math.min(k, units.length);
        int[] nearest = new int[kept];
        double[] similarity = new double[kept];
        java.util.Arrays.fill(similarity, Double.NEGATIVE_INFINITY);
        // Insertion into a small sorted array: k <= 5, so this beats sorting all n similarities.
        for (int i = 0; i < units.length; i++) {
            double s = Embeddings.dot(unit, units[i]);
            if (s <= similarity[kept - 1]) {
                continue;
            }
            int pos = kept - 1;
            while (pos > 0 && similarity[pos - 1] < s) {
                similarity[pos] = similarity[pos - 1];
                nearest[pos] = nearest[pos - 1];
                pos--;
            }
            similarity[pos] = s;
            nearest[pos] = i;
        }
        int[] votes = new int[labelCount];
        double[] support = new double[labelCount];
        for (int m = 0; m < kept; m++) {
            votes[labels[nearest[m]]]++;
            support[labels[nearest[m]]] += similarity[m];
        }
        int best = 0;
        for (int c = 1; c < labelCount; c++) {
            if (votes[c] > votes[best] || (votes[c] == votes[best] && support[c] > support[best])) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "knn-" + k;
    }
}
