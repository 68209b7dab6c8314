package dev.magpie.dataset;

import java.util.List;

/** The dataset's health findings, most severe first. Empty means nothing to improve that Magpie can see. */
public record HealthReport(List<HealthWarning> warnings) {

    public HealthReport {
        warnings = warnings.stream()
                .sorted(java.util.Comparator.comparing(HealthWarning::severity))
                .toList();
    }

    public boolean hasErrors() {
        return warnings.stream().anyMatch(w -> w.severity() == HealthWarning.Severity.ERROR);
    }

    public List<HealthWarning> withCode(String code) {
        return warnings.stream().filter(w -> w.code().equals(code)).toList();
    }
}
