package dev.magpie.pipeline;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** A zone's species of today with their visit counts, names in order (MQTT: retained {@code <zone>/species/today}). */
public record SpeciesToday(String zone, LocalDate date, Map<String, Integer> visits) {

    public SpeciesToday {
        visits = java.util.Collections.unmodifiableMap(new TreeMap<>(visits));
    }
}
