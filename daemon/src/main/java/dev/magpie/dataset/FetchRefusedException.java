package dev.magpie.dataset;

/** A URL that was not fetched, and why: disallowed address, HTTP error, too large, timeout. */
public final class FetchRefusedException extends Exception {

    public FetchRefusedException(String message) {
        super(message);
    }
}
