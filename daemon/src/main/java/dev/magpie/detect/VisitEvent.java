package dev.magpie.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link VisitTracker} tells its listener. START: a track was confirmed. UPDATE: the species answer improved.
 * END: the track ended ({@code duration} from the first to the last frame it was seen). FIRST_TODAY and FIRST_EVER
 * follow the START or UPDATE that named a species not yet seen today / ever (FIRST_EVER implies first today; only
 * FIRST_EVER is sent then).
 */
public record VisitEvent(Type type, Visit visit, Instant at, Duration duration) {

    public enum Type { START, UPDATE, END, FIRST_TODAY, FIRST_EVER }
}
