package dev.magpie.devices.camera;

import java.time.Duration;
import java.time.LocalTime;

/**
 * How a simulated shop day runs.
 *
 * @param fps frames per real second
 * @param simulatedPerFrame simulated time that passes between frames (1 min: a day in 24 real minutes at 1 fps)
 * @param sellOutsPerSlotPerDay how often a stocked slot sells out, on average, during opening hours
 * @param meanRestockDelay how long, on average, an empty slot waits for staff
 * @param start simulated time of day of the first frame
 */
public record ShelfScenario(double fps, Duration simulatedPerFrame, double sellOutsPerSlotPerDay,
                            Duration meanRestockDelay, LocalTime start) {

    public static final ShelfScenario DEFAULT = new ShelfScenario(2, Duration.ofMinutes(1), 3,
            Duration.ofMinutes(45), LocalTime.of(7, 0));

    /** Shop opening hours: sales happen only then; the lights are on only then. */
    static final LocalTime OPENS = LocalTime.of(8, 0);
    static final LocalTime CLOSES = LocalTime.of(20, 0);

    public ShelfScenario {
        if (!(fps > 0 && fps <= 100)) {
            throw new IllegalArgumentException("fps must be in (0, 100], was " + fps);
        }
        if (simulatedPerFrame == null || simulatedPerFrame.isNegative() || simulatedPerFrame.isZero()) {
            throw new IllegalArgumentException("simulatedPerFrame must be positive, was " + simulatedPerFrame);
        }
        if (!(sellOutsPerSlotPerDay >= 0)) {
            throw new IllegalArgumentException("sellOutsPerSlotPerDay must be ≥ 0, was " + sellOutsPerSlotPerDay);
        }
        if (meanRestockDelay == null || meanRestockDelay.isNegative() || meanRestockDelay.isZero()) {
            throw new IllegalArgumentException("meanRestockDelay must be positive, was " + meanRestockDelay);
        }
        if (start == null) {
            throw new IllegalArgumentException("start is required");
        }
    }
}
