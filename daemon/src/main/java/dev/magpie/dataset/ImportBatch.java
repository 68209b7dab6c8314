package dev.magpie.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects one import's files and refusals. Normally each image is stored as soon as it is offered, so a large import
 * needs memory for one image at a time; with all-or-nothing the images are held and stored together at the end, or
 * not at all if anything was refused.
 */
final class ImportBatch {

    private final DatasetStore store;
    private final boolean allOrNothing;
    private final List<ImportReport.Entry> entries = new ArrayList<>();
    private final List<NewImage> held = new ArrayList<>();
    private final List<Integer> heldPositions = new ArrayList<>();
    private final List<String> heldNames = new ArrayList<>();

    ImportBatch(DatasetStore store, boolean allOrNothing) {
        this.store = store;
        this.allOrNothing = allOrNothing;
    }

    void refuse(String name, String reason) {
        entries.add(new ImportReport.Entry(name, ImportReport.Outcome.REFUSED, reason, Optional.empty()));
    }

    void offer(String name, NewImage image) {
        if (allOrNothing) {
            heldPositions.add(entries.size());
            heldNames.add(name);
            held.add(image);
            entries.add(null);
        } else {
            entries.add(entryFor(name, store.addAll(List.of(image), false).get(0)));
        }
    }

    ImportReport finish() {
        if (allOrNothing) {
            boolean refused = entries.stream().anyMatch(e -> e != null && e.outcome() == ImportReport.Outcome.REFUSED);
            List<AddResult> results = refused ? List.of() : store.addAll(held, true);
            for (int i = 0; i < held.size(); i++) {
                entries.set(heldPositions.get(i), refused
                        ? heldBack(heldNames.get(i), held.get(i))
                        : entryFor(heldNames.get(i), results.get(i)));
            }
            held.clear();
        }
        return new ImportReport(entries, allOrNothing);
    }

    /** A held image not stored because of another file; its own problem, if it has one, is reported as such. */
    private ImportReport.Entry heldBack(String name, NewImage image) {
        Optional<String> refusal = store.refusal(image.bytes());
        return refusal.isPresent()
                ? new ImportReport.Entry(name, ImportReport.Outcome.REFUSED, refusal.get(), Optional.empty())
                : new ImportReport.Entry(name, ImportReport.Outcome.NOT_STORED,
                        "not stored: the import is all-or-nothing and another file was refused", Optional.empty());
    }

    private static ImportReport.Entry entryFor(String name, AddResult result) {
        ImportReport.Outcome outcome = switch (result.status()) {
            case ADDED -> ImportReport.Outcome.ADDED;
            case DUPLICATE -> ImportReport.Outcome.DUPLICATE;
            case CONFLICT -> ImportReport.Outcome.CONFLICT;
            case REJECTED -> ImportReport.Outcome.REFUSED;
            case NOT_STORED -> ImportReport.Outcome.NOT_STORED;
        };
        return new ImportReport.Entry(name, outcome, result.message(), result.sha256IfKnown());
    }
}
