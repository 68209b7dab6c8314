package dev.magpie.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How models run. Every key is optional; a missing one takes the default shown in config/magpie.yaml.
 *
 * @param threads intra-op threads per inference, 1-64
 * @param spinning let idle ONNX Runtime threads spin (faster wake-up, burns CPU; off by default)
 * @param providers execution providers in priority order: tensorrt, cuda, xnnpack, cpu
 * @param batchSize images per run when embedding many, 1-256
 */
public record InferenceConfig(Integer threads, Boolean spinning, List<String> providers, Integer batchSize) {

    private static final Set<String> KNOWN_PROVIDERS = Set.of("tensorrt", "cuda", "xnnpack", "cpu");

    public InferenceConfig {
        threads = threads == null ? 1 : threads;
        spinning = spinning != null && spinning;
        providers = providers == null || providers.isEmpty() ? List.of("cpu") : List.copyOf(providers);
        batchSize = batchSize == null ? 8 : batchSize;
        if (threads < 1 || threads > 64) {
            throw new InvalidValueException("threads", threads, "must be between 1 and 64");
        }
        if (batchSize < 1 || batchSize > 256) {
            throw new InvalidValueException("batch_size", batchSize, "must be between 1 and 256");
        }
        for (String provider : providers) {
            if (!KNOWN_PROVIDERS.contains(provider.toLowerCase(Locale.ROOT))) {
                throw new InvalidValueException("providers", providers, "unknown provider '" + provider + "'; use tensorrt, cuda, xnnpack or cpu");
            }
        }
    }

    public static InferenceConfig defaults() {
        return new InferenceConfig(null, null, null, null);
    }
}
