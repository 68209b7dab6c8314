package dev.magpie.vision;

/** TEMPORARY STUB until the lead's vision package lands; replaced by the real one on merge. */
public record ImageLimits(long maxBytes, long maxPixels) {
    public static final ImageLimits DEFAULT = new ImageLimits(30L * 1024 * 1024, 40_000_000L);
}
