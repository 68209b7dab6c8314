package dev.magpie.learn;

/** The dataset cannot train a useful model yet; the message says what to add. */
public final class NotEnoughDataException extends RuntimeException {
    public NotEnoughDataException(String message) {
        super(message);
    }
}
