package dev.magpie.devices.gpio;

/**
 * Hears {@link TeachButtons}: the owner pressed the button bound to a label. Called on the GPIO timer thread (or the
 * pin's event thread with no debounce); return quickly and do not throw.
 */
public interface TeachListener {

    /** A short press of the button bound to {@code labelIndex}. */
    void pressed(int labelIndex);

    /** A press held for the long-press time; replaces {@link #pressed} for that press. Ignored by default. */
    default void longPressed(int labelIndex) {
    }
}
