package dev.magpie.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remembers when each species was first and last seen, in one JSON file in the data dir
 * ({@code species-seen.json}, rewritten atomically on every change: a power cut leaves the old or the new file), so
 * "first sighting ever" survives a restart. "Today" is the local calendar day in {@code zone}. Thread-safe.
 */
public final class SpeciesLedger {

    public static final String FILE_NAME = "species-seen.json";

    /** When a species was first seen, and the local day it was last seen. */
    public record Seen(Instant first, LocalDate lastDay) {
    }

    /** What recording one sighting revealed. */
    public record Firsts(boolean ever, boolean today) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Path file;
    private final ZoneId zone;
    private final Map<String, Seen> seen;

    private SpeciesLedger(Path file, ZoneId zone, Map<String, Seen> seen) {
        this.file = file;
        this.zone = zone;
        this.seen = seen;
    }

    public static SpeciesLedger open(Path dataDir, ZoneId zone) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<String, Seen> seen = new TreeMap<>();
        if (Files.exists(file)) {
            Map<String, Map<String, String>> raw = JSON.readValue(file.toFile(), new TypeReference<>() { });
            raw.forEach((species, v) -> seen.put(species, new Seen(Instant.parse(v.get("first")), LocalDate.parse(v.get("lastDay")))));
        }
        return new SpeciesLedger(file, zone, seen);
    }

    /** Records a sighting at {@code at}; the file is written before this returns when anything changed. */
    public synchronized Firsts record(String species, Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        Seen before = seen.get(species);
        if (before != null && before.lastDay().equals(day)) {
            return new Firsts(false, false);
        }
        Seen after = before == null ? new Seen(at, day) : new Seen(before.first(), day.isAfter(before.lastDay()) ? day : before.lastDay());
        seen.put(species, after);
        save();
        return new Firsts(before == null, before == null || before.lastDay().isBefore(day));
    }

    public synchronized Map<String, Seen> seen() {
        return Map.copyOf(seen);
    }

    private void save() {
        Map<String, Map<String, String>> raw = new TreeMap<>();
        seen.forEach((species, s) -> raw.put(species, Map.of("first", s.first().toString(), "lastDay", s.lastDay().toString())));
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(raw));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
