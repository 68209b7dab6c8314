package dev.magpie.vision;

import dev.magpie.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Resolves the shared models for tests the way the daemon does, offline, with the sha256 check. */
final class VisionModels {

    private VisionModels() {
    }

    static Path resolve(ModelSpec spec) {
        ModelResolver resolver = new ModelResolver(Path.of("target", "no-model-cache"), List.of(SharedFiles.models()), false, Duration.ofSeconds(1));
        try {
            return resolver.resolve(spec, Optional.empty());
        } catch (ModelNotFoundException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
