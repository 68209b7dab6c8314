package dev.magpie.learn;

/**
 * Told how far training has got, so the CLI can draw a progress bar. Called on the training thread: keep it quick
 * and do not throw.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (phase, done, total) -> { };

    /** Training phases in the order they run. */
    enum Phase { EMBEDDING, PREPARING, TRAINING, EXPORTING, EVALUATING }

    void progress(Phase phase, long done, long total);
}
