package dev.magpie.config;

/**
 * Which frames are kept for the owner to label. A crop goes to the inbox when the model is unsure about it (any of
 * the first three tests), or at random ({@code sample_rate}), within the rate and size limits.
 *
 * @param enabled keep unsure crops. Default true
 * @param confidenceBelow keep a crop whose top confidence is below this, 0-1. Default 0.6
 * @param marginBelow keep a crop whose top two confidences are closer than this, 0-1. Default 0.15
 * @param nearThreshold keep a crop whose confidence is within this of a rule's threshold, 0-0.5. Default 0.05
 * @param sampleRate share of all other crops kept at random (catches confident mistakes), 0-1. Default 0.001
 * @param perMinute at most this many crops a minute, 0-10000. Default 6
 * @param perHour at most this many an hour, 0-100000. Default 60
 * @param perDay at most this many a day, 0-1000000. Default 500
 * @param maxItems inbox size in crops; the oldest unlabelled go first, 1-1000000. Default 2000
 * @param maxMegabytes inbox size on disk, 1-1000000 MB. Default 500
 * @param duplicateDistance skip a crop whose embedding is within this cosine distance of one already in the inbox,
 *                          0-2 (0 keeps duplicates). Default 0.02
 */
public record InboxConfig(Boolean enabled, Double confidenceBelow, Double marginBelow, Double nearThreshold,
                          Double sampleRate, Integer perMinute, Integer perHour, Integer perDay, Integer maxItems,
                          Integer maxMegabytes, Double duplicateDistance) {

    public InboxConfig {
        enabled = enabled == null || enabled;
        confidenceBelow = confidenceBelow == null ? 0.6 : confidenceBelow;
        marginBelow = marginBelow == null ? 0.15 : marginBelow;
        nearThreshold = nearThreshold == null ? 0.05 : nearThreshold;
        sampleRate = sampleRate == null ? 0.001 : sampleRate;
        perMinute = perMinute == null ? 6 : perMinute;
        perHour = perHour == null ? 60 : perHour;
        perDay = perDay == null ? 500 : perDay;
        maxItems = maxItems == null ? 2000 : maxItems;
        maxMegabytes = maxMegabytes == null ? 500 : maxMegabytes;
        duplicateDistance = duplicateDistance == null ? 0.02 : duplicateDistance;
        Names.checkRange("confidence_below", confidenceBelow, 0, 1);
        Names.checkRange("margin_below", marginBelow, 0, 1);
        Names.checkRange("near_threshold", nearThreshold, 0, 0.5);
        Names.checkRange("sample_rate", sampleRate, 0, 1);
        Names.checkRange("per_minute", perMinute, 0, 10_000);
        Names.checkRange("per_hour", perHour, 0, 100_000);
        Names.checkRange("per_day", perDay, 0, 1_000_000);
        Names.checkRange("max_items", maxItems, 1, 1_000_000);
        Names.checkRange("max_megabytes", maxMegabytes, 1, 1_000_000);
        Names.checkRange("duplicate_distance", duplicateDistance, 0, 2);
    }

    public static InboxConfig defaults() {
        return new InboxConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
