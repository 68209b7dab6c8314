package dev.magpie.learn;

/**
 * Weight imprinting as Coral's on-device learning does it: each label's weight vector is the normalised mean of its
 * L2-normalised embeddings; predict by highest cosine similarity. No optimiser at all.
 */
public final class NearestCentroid implements BaselineClassifier {

    private float[][] centroids;

    @Override
    public void fit(float[][] embeddings, int[] labelIndex, int labelCount) {
        int width = embeddings[0].length;
        double[][] sums = new double[labelCount][width];
        for (int i = 0; i < embeddings.length; i++) {
            float[] unit = Embeddings.l2Normalised(embeddings[i]);
            for (int j = 0; j < width; j++) {
                sums[labelIndex[i]][j] += unit[j];
            }
        }
        centroids = new float[labelCount][];
        for (int c = 0; c < labelCount; c++) {
            float[] mean = new float[width];
            for (int j = 0; j < width; j++) {
                mean[j] = (float) sums[c][j];
            }
            centroids[c] = Embeddings.l2Normalised(mean); // a label without rows stays all-zero and never wins
        }
    }

    @Override
    public int predict(float[] embedding) {
        float[] unit = Embeddings.l2Normalised(embedding);
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double similarity = Embeddings.dot(unit, centroids[c]);
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = c;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "nearest-centroid";
    }
}
