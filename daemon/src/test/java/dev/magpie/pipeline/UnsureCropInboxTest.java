package dev.magpie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxItem;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.dataset.InboxOrder;
import dev.magpie.detect.SpeciesGuess;
import dev.magpie.detect.VisitTracker;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsureCropInboxTest {

    @TempDir
    Path dataDir;

    @Test
    void anUnsureSpeciesCropIsKeptInTheInboxWithWhyAndWhere() {
        try (DatasetStore store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT))) {
            Instant at = Instant.parse("2026-05-01T07:30:00Z");
            new UnsureCropInbox(store, "inat-bird-tflite", 0.5).accept(new VisitTracker.UnsureCrop("feeder", 3,
                    TestImages.jpeg(7), new SpeciesGuess("House Finch", 0.41), at));
            List<InboxItem> items = store.inboxItems(InboxOrder.values()[0]);
            assertThat(items).hasSize(1);
            InboxMeta meta = items.get(0).meta().orElseThrow();
            assertThat(meta.zone()).isEqualTo("feeder");
            assertThat(meta.capturedAt()).isEqualTo(at);
            assertThat(meta.model()).isEqualTo("inat-bird-tflite");
            assertThat(meta.scores()).containsExactly(new InboxMeta.Score("House Finch", 0.41));
            assertThat(meta.reason()).isEqualTo("LOW_CONFIDENCE_SPECIES: House Finch 0.41 < 0.50 (visit 3)");
        }
    }
}
