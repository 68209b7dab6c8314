package dev.magpie.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A visit as it stands: one track of boxes across frames with its best species answer and best snapshot.
 *
 * @param id         the track's id, unique within one tracker's life
 * @param region     the region (zone) the visit is in
 * @param species    the best permitted answer so far; "unknown" while no crop gave a permitted species
 * @param confidence that answer's probability
 * @param snapshot   JPEG of the sharpest, largest crop so far
 * @param box        where it was last seen, in pixels
 * @param end        set once the visit has ended
 */
public record Visit(long id, String region, String species, double confidence, Instant start, Optional<Instant> end,
                    byte[] snapshot, Box box) {

    public static final String UNKNOWN = "unknown";

    /** From start to the last frame it was seen (to now for an open visit: start to its last sighting). */
    public Duration duration(Instant lastSeen) {
        return Duration.between(start, end.orElse(lastSeen));
    }
}
