package dev.magpie.learn;

import java.util.List;

/** One line of {@code magpie models list}: a version with its headline metrics. */
public record ModelSummary(String version, boolean current, String createdTime, List<String> labels, int heldOutRows,
                           double accuracy, double macroF1, double meanAveragePrecision) {
}
