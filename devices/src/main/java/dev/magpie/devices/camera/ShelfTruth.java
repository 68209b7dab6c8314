package dev.magpie.devices.camera;

import java.time.LocalDateTime;
import java.util.List;

/**
 * What a simulated frame really shows, for scoring a pipeline against it.
 *
 * @param sequence the frame's sequence number
 * @param simulatedTime the simulated time of day the frame shows
 * @param light the brightness factor it was rendered with
 * @param stocked per slot, left to right, whether products are on it
 */
public record ShelfTruth(long sequence, LocalDateTime simulatedTime, double light, List<Boolean> stocked) {

    public ShelfTruth {
        stocked = List.copyOf(stocked);
    }
}
