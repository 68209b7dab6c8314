package dev.magpie.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.pipeline.AlertSinks;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection models load once, only when a zone needs them, and a failure names the zone and the fix. */
class DetectionModelsTest {

    @TempDir
    Path dataDir;

    private static MagpieConfig config(String zoneExtra) throws Exception {
        return new ConfigLoader().parse("""
                cameras:
                  - name: cam
                    source:
                      replay: /tmp/frames
                models:
                  download: false
                zones:
                  - name: shelf
                    rect: [0, 0, 100, 100]
                  - name: feeder
                    rect: [0, 0, 640, 480]
                %s""".formatted(zoneExtra.indent(4)), "test");
    }

    @Test
    void nothingIsLoadedWhenNoZoneDetects() throws Exception {
        try (DetectionModels models = DetectionModels.load(config(""), dataDir, List.of())) {
            assertThat(models.detector()).isEmpty();
            assertThat(models.species()).isEmpty();
        }
    }

    @Test
    void aMissingDetectorNamesTheZoneAndTheFix() throws Exception {
        Path nowhere = Files.createDirectories(dataDir.resolve("no-models"));
        assertThatThrownBy(() -> DetectionModels.load(config("detect: {classes: [bird]}"), dataDir, List.of(nowhere)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("zone feeder: the COCO detector is needed and not available")
                .hasMessageContaining("yolox_nano.onnx")
                .hasMessageContaining("Fix: set MAGPIE_MODEL_PATH to a folder holding yolox-nano-onnx/yolox_nano.onnx,"
                        + " allow models.download, or remove detect:/suppress: from the zone");
    }

    @Test
    void suppressAloneNeedsOnlyTheDetector() throws Exception {
        try (DetectionModels models = DetectionModels.load(config("suppress: [person]"), dataDir,
                List.of(SharedFiles.models()))) {
            assertThat(models.detector()).isPresent();
            assertThat(models.species()).isEmpty();
        }
    }

    @Test
    void anAllowedSpeciesTheModelDoesNotKnowStopsTheStart() throws Exception {
        MagpieConfig config = config("detect:\n  allow: [Burrowing Owl, Goldfnch]");
        try (DetectionModels models = DetectionModels.load(config, dataDir, List.of(SharedFiles.models()))) {
            assertThat(models.species()).isPresent();
            // no own-head zone here, so no loaded head models are needed (null)
            assertThatThrownBy(() -> ZoneDetections.create(config.zones(), models, null, dataDir, new AlertSinks(),
                    Optional.empty(), Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("feeder.species.allow: unknown species 'Goldfnch'")
                    .hasMessageContaining("Use the species model's common names");
        }
    }
}
