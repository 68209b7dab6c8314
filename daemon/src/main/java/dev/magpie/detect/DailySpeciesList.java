package dev.magpie.detect;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * Today's species with their visit counts; starts empty again at local midnight (the clock's instant in
 * {@code zone}). A visit is counted under its current species; when a visit's answer changes, the count moves.
 * Thread-safe.
 */
public final class DailySpeciesList {

    /** One day's list, species in name order. */
    public record Day(LocalDate date, Map<String, Integer> visits) {
    }

    private final Clock clock;
    private final ZoneId zone;
    private LocalDate date;
    private final Map<String, Integer> visits = new TreeMap<>();

    public DailySpeciesList(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.date = todayDate();
    }

    public synchronized void countVisit(String species) {
        roll();
        visits.merge(species, 1, Integer::sum);
    }

    /** Moves one visit from {@code from} to {@code to} (a visit whose species answer changed). */
    public synchronized void moveVisit(String from, String to) {
        roll();
        // absent when the visit began before midnight: it stays on yesterday's list, and counts today under its new name
        visits.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
        visits.merge(to, 1, Integer::sum);
    }

    public synchronized Day today() {
        roll();
        return new Day(date, Map.copyOf(new TreeMap<>(visits)));
    }

    private LocalDate todayDate() {
        return clock.instant().atZone(zone).toLocalDate();
    }

    private void roll() {
        LocalDate now = todayDate();
        if (!now.equals(date)) {
            date = now;
            visits.clear();
        }
    }
}
