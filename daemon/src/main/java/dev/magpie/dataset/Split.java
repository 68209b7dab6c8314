package dev.magpie.dataset;

import java.util.Locale;
import java.util.Optional;

/** Which part of the dataset an image belongs to. UNASSIGNED images are split by the trainer. */
public enum Split {
    TRAIN, TEST, UNASSIGNED;

    /**
     * Reads an AutoML set name. AutoML's VALIDATION set maps to TEST: Magpie trains only a head, and tunes nothing
     * on a separate validation set, so those images are most useful as held-out test data.
     */
    public static Optional<Split> fromAutoMl(String set) {
        return switch (set.trim().toUpperCase(Locale.ROOT)) {
            case "TRAIN" -> Optional.of(TRAIN);
            case "TEST", "VALIDATION", "VALIDATE" -> Optional.of(TEST);
            case "UNASSIGNED", "" -> Optional.of(UNASSIGNED);
            default -> Optional.empty();
        };
    }
}
