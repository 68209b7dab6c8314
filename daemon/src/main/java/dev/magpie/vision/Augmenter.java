package dev.magpie.vision;

import java.util.Locale;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Makes the extra training views of an image: a mirror, a crop-and-scale jitter, and brightness/contrast changes,
 * the cheap augmentations that help a linear head on frozen features. View 0 is the image itself; view {@code k} is
 * the same for the same image, seed and {@link #version()}, so cached view embeddings stay valid across runs.
 */
public final class Augmenter {

    /** How much of each side a view's random crop may cut away. */
    public enum Crop {
        /** Keep 75-100 % of each side whatever the image's size (the first version). */
        FIXED,
        /**
         * Keep at least 75 % of each side, and never crop the shorter side below the backbone's 224-px input: a small
         * image (128 px) is already upscaled to fill the input, and cropping it magnifies blur rather than content.
         */
        NATIVE,
        /** Keep {@code 1 - 0.25 * min(1, shorter / 256)} to 100 %: the crop range shrinks in proportion on small images. */
        SCALED,
        /** No crop: mirror and brightness/contrast only. */
        NONE
    }

    /** The crop rule production training uses. */
    public static final Crop DEFAULT_CROP = Crop.FIXED;

    private final long seed;
    private final Crop crop;

    public Augmenter(long seed, Crop crop) {
        this.seed = seed;
        this.crop = crop;
    }

    public Augmenter(long seed) {
        this(seed, DEFAULT_CROP);
    }

    /** Identifies what the views look like (the crop rule and seed), for cache keys of view embeddings. */
    public String version() {
        return "aug-" + crop.name().toLowerCase(Locale.ROOT) + "-" + seed;
    }

    /** The smallest fraction of each side a crop keeps for an image whose shorter side is {@code shorter} pixels. */
    static double minimumKeep(Crop crop, int shorter) {
        return switch (crop) {
            case FIXED -> 0.75;
            case NATIVE -> Math.max(0.75, Math.min(1.0, (double) Preprocessor.SIZE / shorter));
            case SCALED -> 1 - 0.25 * Math.min(1.0, shorter / (double) Preprocessor.RESIZE_SHORTER_TO);
            case NONE -> 1.0;
        };
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
        double minimum = minimumKeep(crop, Math.min(bgr.cols(), bgr.rows()));
        double keep = minimum + (1 - minimum) * random.nextDouble();
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
