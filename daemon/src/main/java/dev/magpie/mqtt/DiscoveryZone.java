package dev.magpie.mqtt;

import java.util.List;

/**
 * A zone as Home Assistant should see it: one label sensor, one snapshot image and one binary sensor per alerting
 * label (the labels whose START/END events the rules raise, e.g. {@code empty} on a shelf); a zone with
 * {@code detect:} ({@code visits}) also a sensor of today's species and an image of the last visit's best crop.
 */
public record DiscoveryZone(String zone, List<String> alertingLabels, boolean visits) {

    /** A zone without visits. */
    public DiscoveryZone(String zone, List<String> alertingLabels) {
        this(zone, alertingLabels, false);
    }

    public DiscoveryZone {
        MqttTopics.requireZone(zone);
        alertingLabels = List.copyOf(alertingLabels);
        for (String label : alertingLabels) {
            if (!label.matches("[A-Za-z0-9_]{1,32}")) {
                throw new IllegalArgumentException("zone " + zone + ": label '" + label
                        + "' must be 1-32 characters [A-Za-z0-9_]");
            }
        }
    }
}
