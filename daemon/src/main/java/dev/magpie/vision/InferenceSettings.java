package dev.magpie.vision;

import java.util.List;

/**
 * How ONNX Runtime runs the models.
 *
 * @param intraOpThreads threads one inference may use; 1 is fastest on a busy 2-4 core board
 * @param spinning whether idle ORT threads spin; off by default, since spinning threads made 2-thread inference
 *                 2-3× slower on a 2-core machine and burn a Pi's power budget
 * @param providers execution providers in priority order; unavailable ones fall back to CPU with a log line
 * @param batchSize images per {@code session.run} when embedding many images
 */
public record InferenceSettings(int intraOpThreads, boolean spinning, List<ExecutionProvider> providers, int batchSize) {

    public static final InferenceSettings DEFAULT = new InferenceSettings(1, false, List.of(ExecutionProvider.CPU), 8);

    public InferenceSettings {
        if (intraOpThreads < 1 || intraOpThreads > 64) {
            throw new IllegalArgumentException("intraOpThreads must be 1-64, was " + intraOpThreads);
        }
        if (batchSize < 1 || batchSize > 256) {
            throw new IllegalArgumentException("batchSize must be 1-256, was " + batchSize);
        }
        providers = List.copyOf(providers);
    }
}
