package dev.magpie.learn;

/**
 * What one training run produced.
 *
 * @param head          the Java-side head
 * @param onnx          the same head as head.onnx bytes
 * @param trainingRows  rows used, augmented views included
 * @param prepareMillis time spent turning embeddings into Tribuo examples
 * @param trainMillis   time spent in the optimiser
 * @param exportMillis  time spent writing ONNX
 */
public record TrainedHead(LinearHead head, byte[] onnx, int trainingRows, long prepareMillis, long trainMillis, long exportMillis) {

    public long totalMillis() {
        return prepareMillis + trainMillis + exportMillis;
    }
}
