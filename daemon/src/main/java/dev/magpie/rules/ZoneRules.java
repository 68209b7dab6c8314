package dev.magpie.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one zone's state machine needs.
 *
 * @param zone          the zone's name, as in topics and events
 * @param stateDebounce how long a new label must hold before the zone's published state changes
 * @param labels        one rule per label that alerts or has a threshold of its own; labels without a rule never
 *                      alert but still show in the zone state
 */
public record ZoneRules(String zone, Debounce stateDebounce, List<LabelRule> labels) {

    public ZoneRules {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(stateDebounce, "stateDebounce");
        labels = List.copyOf(labels);
        if (zone.isBlank()) {
            throw new IllegalArgumentException("zone name cannot be blank");
        }
        Set<String> seen = new HashSet<>();
        for (LabelRule rule : labels) {
            if (!seen.add(rule.label())) {
                throw new IllegalArgumentException("zone '" + zone + "' has two rules for label '" + rule.label() + "'");
            }
        }
    }
}
