package dev.magpie.inbox;

/** Why a frame was kept for labelling, with the numbers that decided it. */
public record KeepReason(Kind kind, String detail) {

    public enum Kind { UNKNOWN, LOW_CONFIDENCE, NEAR_THRESHOLD, SMALL_MARGIN, RANDOM_SAMPLE }

    /** As stored in the inbox metadata, e.g. {@code LOW_CONFIDENCE: top-1 0.41 < floor 0.50}. */
    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
