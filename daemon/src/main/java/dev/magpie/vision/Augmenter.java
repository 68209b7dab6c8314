package dev.magpie.vision;

import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Makes the extra training views of an image: a mirror, a crop-and-scale jitter, and brightness/contrast changes,
 * the cheap augmentations that help a linear head on frozen features. View 0 is the image itself; view {@code k} is
 * the same for the same image and seed, so cached view embeddings stay valid across runs.
 */
public final class Augmenter {

    private final long seed;

    public Augmenter(long seed) {
        this.seed = seed;
    }

    /**
     * Returns view {@code view} of {@code bgr} as a new Mat the caller releases.
     *
     * @param key a stable identity for the image (its sha256), so every image gets its own jitter
     */
    public Mat view(Mat bgr, String key, int view) {
        Mat out = new Mat();
        if (view == 0) {
            bgr.copyTo(out);
            return out;
        }
        SplittableRandom random = new SplittableRandom(seed ^ key.hashCode() * 31L ^ view * 0x9E3779B97F4A7C15L);
        boolean mirror = view % 2 == 1;
        double keep = 0.75 + 0.25 * random.nextDouble(); // keep 75-100 % of each side
        int width = Math.max(1, (int) Math.round(bgr.cols() * keep));
        int height = Math.max(1, (int) Math.round(bgr.rows() * keep));
        int x = random.nextInt(bgr.cols() - width + 1);
        int y = random.nextInt(bgr.rows() - height + 1);
        Mat crop = bgr.submat(new Rect(x, y, width, height));
        try {
            double contrast = 0.8 + 0.4 * random.nextDouble();
            double brightness = -25 + 50 * random.nextDouble();
            crop.convertTo(out, -1, contrast, brightness); // saturating, so values stay in 0-255
        } finally {
            crop.release();
        }
        if (mirror) {
            Core.flip(out, out, 1);
        }
        return out;
    }
}
