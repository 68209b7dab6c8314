package dev.magpie.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds ../shared (models, sample photos, datasets) where it lies beside the checkout. Tests read it in place; nothing
 * from it is ever copied into the repository. {@code MAGPIE_MODEL_PATH} wins when set, as in CI.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    public static Path models() {
        String fromEnv = System.getenv("MAGPIE_MODEL_PATH");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.split(":")[0]).toAbsolutePath().normalize();
        }
        return shared().resolve("models");
    }

    public static Path datasets() {
        String fromEnv = System.getenv("MAGPIE_DATASETS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return models().getParent().resolve("datasets");
    }

    public static Path sample(String name) {
        return models().resolve("samples").resolve(name);
    }

    public static Path backbone() {
        return models().resolve("mobilenetv2-int8-onnx").resolve("mobilenetv2-12-int8.onnx");
    }

    private static Path shared() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("models"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find ../shared/models; set MAGPIE_MODEL_PATH=../shared/models");
    }
}
