package dev.magpie.dataset;

/** How to sort the inbox. Items without metadata (imported by hand) come after collected ones, oldest first. */
public enum InboxOrder {
    /** Lowest top-1 probability first: the frames the model knew least about. */
    LEAST_CONFIDENT,
    /** Smallest gap between the two best labels first: the frames the model could not decide between two labels. */
    SMALLEST_MARGIN,
    /** By capture time, oldest first. */
    OLDEST
}
