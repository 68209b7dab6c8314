package dev.magpie.inbox;

import java.util.List;
import java.util.Optional;

/**
 * What happened to one offered frame.
 *
 * @param reason  why the policy wanted it; empty when the model was sure
 * @param sha256  the stored image, when {@code status} is KEPT (or DUPLICATE of a stored one)
 * @param evicted older collected frames removed to stay within the quota because this one was kept
 */
public record CollectResult(Status status, Optional<KeepReason> reason, Optional<String> sha256, List<String> evicted,
                            String message) {

    public enum Status { KEPT, SURE, NEAR_DUPLICATE, RATE_LIMITED, ALREADY_STORED, NOT_STORED }

    public CollectResult {
        evicted = List.copyOf(evicted);
    }

    public boolean kept() {
        return status == Status.KEPT;
    }
}
