package dev.magpie.learn;

import java.util.Map;

/**
 * How a model version was made, saved as training.json, so a run can be explained and repeated.
 *
 * @param datasetFingerprint identifies the exact dataset (e.g. a hash over sorted image hashes and labels)
 * @param durationsMillis    per phase, e.g. embed, train, evaluate
 * @param backboneSha256     the backbone file's hash: the head only fits the backbone it was trained on
 * @param createdTime        ISO-8601 instant
 */
public record TrainingRecord(String datasetFingerprint, HeadTrainingParameters parameters, Map<String, Long> durationsMillis,
                             String backboneId, String backboneSha256, long seed, String createdTime, Counts counts) {

    /** Row counts of the run. */
    public record Counts(int trainRows, int heldOutRows, int augmentedViews, Map<String, Integer> trainRowsPerLabel) {
    }
}
