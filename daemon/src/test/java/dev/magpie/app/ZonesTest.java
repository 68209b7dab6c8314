package dev.magpie.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.config.RuleConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.testing.LogCapture;
import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.OnnxBackbone;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZonesTest {

    @TempDir
    Path dataDir;

    @Test
    void aRuleForALabelTheModelLacksIsReportedAtStart() throws Exception {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        try (OnnxBackbone backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
             DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            for (int i = 0; i < 10; i++) {
                store.addImage(TestImages.generated(i, "jpg"), LabelName.of("red"), "test");
                store.addImage(TestImages.generated(1000 + i * 7, "png"), LabelName.of("blue"), "test");
            }
            ModelRegistry registry = new ModelRegistry(dataDir, backbone.dimension(), new ObjectMapper());
            registry.promote(new TrainingRun(store, decoder, backbone, registry, TrainingOptions.defaults(3).withAugmentedViews(1),
                    Clock.systemUTC()).run(ProgressListener.NONE).version());
            RuleConfig empty = new RuleConfig("empty", true, null, null, null, null, null, null);
            RuleConfig red = new RuleConfig("red", true, null, null, null, null, null, null);
            List<ZoneConfig> zones = List.of(
                    new ZoneConfig("shelf", "cam", List.of(0, 0, 10, 10), null, null, List.of(empty)),
                    new ZoneConfig("tray", "cam", List.of(0, 0, 10, 10), null, null, List.of(red)));
            try (LogCapture log = LogCapture.start()) {
                assertThat(Zones.create(zones, registry, Clock.systemUTC())).hasSize(2);
                assertThat(log.text()).contains("Zone shelf: its rule for 'empty' can never fire: the model (current) has no"
                        + " such label").contains("Label photos 'empty' and retrain").doesNotContain("Zone tray");
            }
        }
    }
}
