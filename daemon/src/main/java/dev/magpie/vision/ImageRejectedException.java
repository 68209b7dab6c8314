package dev.magpie.vision;

/**
 * An image that Magpie refuses to store or classify. The {@link Reason} is stable for scripts and tests; the message
 * says what was wrong and what to do about it.
 */
public final class ImageRejectedException extends Exception {

    public enum Reason { EMPTY, TOO_LARGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, CORRUPT }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
