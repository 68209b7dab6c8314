package dev.magpie.rules;

import java.time.Instant;

/**
 * An alerting label starting or ending in a zone (a bird arrived, shelf 3 went empty), one per incident, not one per
 * frame. Published on {@code magpie/<device>/<zone>/event} at QoS 1.
 *
 * @param id unique per event, so a subscriber can drop a redelivered duplicate
 * @param snapshotId names the JPEG published on {@code <zone>/snapshot} with the start event; null for end events
 * @param durationMillis for END events, how long the incident lasted; 0 for START
 */
public record ZoneEvent(String id, String zone, Type type, String label, double confidence, Instant time,
                        String snapshotId, String model, long durationMillis) {

    public enum Type { START, END }
}
