package dev.magpie.pipeline;

/**
 * Counters of one camera's pipeline, for {@code /metrics}, the status strip and the benchmarks.
 *
 * @param frames frames taken from the camera
 * @param skippedStill frames the motion gate skipped
 * @param classified zone crops classified
 * @param lastInferenceMillis time of the last crop's embedding + head
 */
public record PipelineStats(String camera, long frames, long skippedStill, long classified, double lastInferenceMillis,
                            long events, long inboxKept) {
}
