package dev.magpie.vision;

import java.util.List;
import org.opencv.core.Mat;

/** A frozen backbone that turns an image into a fixed-length feature vector. Implementations are thread-safe. */
public interface Embedder extends AutoCloseable {

    /** Length of every embedding. */
    int dimension();

    /** Identifies the backbone and its exact weights, e.g. {@code mobilenetv2-int8-onnx@cc028fe6}; keys the cache. */
    String id();

    /** The sha256 of the backbone's model file. */
    String sha256();

    float[] embed(Mat bgr);

    /** Embeds many images, batched; the result is in input order. */
    List<float[]> embedAll(List<Mat> bgr);

    @Override
    void close();
}
