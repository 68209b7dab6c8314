package dev.magpie.dataset;

import dev.magpie.vision.ImageLimits;

/**
 * Caps that keep a hostile or mistaken import from filling the disk or memory of a small board. Sizes are counted
 * while reading; sizes declared in archive headers are never trusted.
 *
 * @param maxFileBytes        the largest single image (the decoder's limit, 30 MB)
 * @param maxTotalBytes       the most bytes one archive may inflate to in all
 * @param maxEntries          the most entries one archive may hold
 * @param maxCompressionRatio the largest inflated/compressed ratio of one entry; photos compress about 1:1, a zip bomb
 *                            1000:1 or more
 */
public record ImportLimits(long maxFileBytes, long maxTotalBytes, int maxEntries, double maxCompressionRatio) {

    public static final ImportLimits DEFAULT = new ImportLimits(ImageLimits.DEFAULT.maxBytes(), 1L << 30, 20_000, 100.0);

    public ImportLimits {
        if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("import limits must be positive and the ratio at least 1: " + maxFileBytes
                    + ", " + maxTotalBytes + ", " + maxEntries + ", " + maxCompressionRatio);
        }
    }
}
