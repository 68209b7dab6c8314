package dev.magpie.vision;

/**
 * What an image may cost before it is decoded. The pixel cap is checked against the size the file's header declares,
 * so a decompression bomb (a tiny PNG that inflates to gigabytes) is refused before any pixel is allocated.
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** 30 MB per file (Custom Vision's and AutoML's limit) and 40 megapixels (a 7,700 × 5,200 photo). */
    public static final ImageLimits DEFAULT = new ImageLimits(30L * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
    }
}
