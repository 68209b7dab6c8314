package dev.magpie.dataset;

/**
 * One finding about the dataset, written for someone training their first model. {@code code} is stable for the UI
 * and scripts (TOO_FEW_IMAGES, IMBALANCE, ...); {@code text} says what is wrong and what to do.
 */
public record HealthWarning(Severity severity, String code, String text) {

    /** ERROR: training will fail or be useless. WARNING: the model will likely be poor. INFO: worth knowing. */
    public enum Severity { ERROR, WARNING, INFO }
}
