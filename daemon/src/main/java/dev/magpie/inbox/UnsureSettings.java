package dev.magpie.inbox;

/**
 * When a frame is worth asking the owner about. A setting of 0 turns its rule off.
 *
 * @param confidenceFloor keep when the top-1 probability is below this
 * @param thresholdBand   keep when any label's probability is within this distance of that label's decision
 *                        threshold: the frames where a small change of the model flips an alert
 * @param minMargin       keep when top-1 minus top-2 probability is below this: the model cannot tell two labels apart
 * @param sampleRate      keep this share of the remaining (confident) frames at random, so the inbox also shows
 *                        what the model gets wrong while sure of itself
 * @param keepUnknown     keep frames the open-set rule called unknown: candidates for a new label
 */
public record UnsureSettings(double confidenceFloor, double thresholdBand, double minMargin, double sampleRate,
                             boolean keepUnknown) {

    public static final UnsureSettings DEFAULTS = new UnsureSettings(0.5, 0.05, 0.1, 0.001, true);

    public UnsureSettings {
        check("confidenceFloor", confidenceFloor);
        check("thresholdBand", thresholdBand);
        check("minMargin", minMargin);
        check("sampleRate", sampleRate);
    }

    private static void check(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], not " + value);
        }
    }
}
