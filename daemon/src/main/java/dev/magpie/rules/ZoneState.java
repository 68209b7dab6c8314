package dev.magpie.rules;

import java.time.Instant;

/**
 * What a zone currently shows, after debouncing: published retained on {@code magpie/<device>/<zone>/state}.
 *
 * @param label the accepted label, or {@code unknown}
 * @param since when this label became the zone's state
 * @param model the model version that decided it
 */
public record ZoneState(String zone, String label, double confidence, Instant since, String model) {
}
