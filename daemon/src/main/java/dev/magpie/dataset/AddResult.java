package dev.magpie.dataset;

import java.util.Optional;

/**
 * What happened to one image offered to the store. {@code sha256} is empty only when the bytes were not read.
 * CONFLICT means the same bytes are already stored under a different label (or in the inbox): nothing was changed,
 * and the message names where the image already is.
 */
public record AddResult(Status status, String sha256, String message) {

    /** NOT_STORED: the image itself was fine, but it was part of an all-or-nothing batch that failed. */
    public enum Status { ADDED, DUPLICATE, CONFLICT, REJECTED, NOT_STORED }

    public boolean stored() {
        return status == Status.ADDED;
    }

    /** A result that leaves the store unchanged and counts as a failure for an all-or-nothing batch. */
    public boolean failed() {
        return status == Status.REJECTED || status == Status.CONFLICT;
    }

    public Optional<String> sha256IfKnown() {
        return Optional.ofNullable(sha256);
    }
}
