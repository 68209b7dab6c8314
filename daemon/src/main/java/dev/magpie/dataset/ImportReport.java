package dev.magpie.dataset;

import java.util.List;
import java.util.Optional;

/** What an import did with every file it saw, in the order it saw them. Ignored files (hidden, __MACOSX) are not listed. */
public record ImportReport(List<Entry> entries, boolean allOrNothing) {

    /**
     * ADDED: stored. DUPLICATE: already stored under the same label. CONFLICT: already stored under another label.
     * REFUSED: not an acceptable image or path (see reason). NOT_STORED: acceptable, but an all-or-nothing import failed.
     */
    public enum Outcome { ADDED, DUPLICATE, CONFLICT, REFUSED, NOT_STORED }

    /** One file: its name inside the source (path, zip entry, CSV line), what happened, and why. */
    public record Entry(String name, Outcome outcome, String reason, Optional<String> sha256) {
    }

    public ImportReport {
        entries = List.copyOf(entries);
    }

    public long count(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).count();
    }

    public List<Entry> refused() {
        return entries.stream().filter(e -> e.outcome() == Outcome.REFUSED || e.outcome() == Outcome.CONFLICT).toList();
    }

    public Optional<Entry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
