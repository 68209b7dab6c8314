package dev.magpie.learn;

/** Vector arithmetic on embeddings that the head, the open-set rule and the baselines share. */
public final class Embeddings {

    /** Added under the square root so an all-zero embedding (a black frame) normalises to zero, not NaN. */
    public static final float NORM_EPSILON = 1e-12f;

    private Embeddings() {
    }

    /** A copy of {@code v} scaled to unit L2 length; the exported head computes the same in its graph. */
    public static float[] l2Normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float norm = (float) Math.sqrt(sum + NORM_EPSILON);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Cosine distance (1 - cosine similarity) between two unit vectors. */
    public static double cosineDistance(float[] unitA, float[] unitB) {
        return 1.0 - dot(unitA, unitB);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
