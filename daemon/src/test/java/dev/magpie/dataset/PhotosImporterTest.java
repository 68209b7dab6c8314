package dev.magpie.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotosImporterTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private DatasetStore store;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void filesAndFoldersGoUnderTheGivenLabel() throws Exception {
        Path single = Files.write(work.resolve("one.jpg"), TestImages.jpeg(1));
        Path folder = Files.createDirectories(work.resolve("more/nested"));
        Files.write(folder.resolve("two.png"), TestImages.generated(2, "png"));
        Files.write(work.resolve("more/.DS_Store"), new byte[] {0, 0, 0, 1});

        ImportReport report = new PhotosImporter(store, ImportLimits.DEFAULT)
                .importPaths(List.of(single, work.resolve("more")), Optional.of(LabelName.of("shelf")), false);

        assertThat(report.count(ImportReport.Outcome.ADDED)).isEqualTo(2);
        assertThat(report.entries()).hasSize(2); // .DS_Store is skipped, not refused
        assertThat(store.labelCounts()).containsEntry(LabelName.of("shelf"), 2);
    }

    @Test
    void allOrNothingStoresNothingWhenOneFileIsRefused() throws Exception {
        Path good = Files.write(work.resolve("good.jpg"), TestImages.jpeg(3));
        Path bad = Files.writeString(work.resolve("bad.jpg"), "this is a text file");
        StoreSnapshot before = StoreSnapshot.of(store);

        ImportReport report = new PhotosImporter(store, ImportLimits.DEFAULT)
                .importPaths(List.of(good, bad), Optional.of(LabelName.of("shelf")), true);

        assertThat(report.entry(bad.toString()).orElseThrow().outcome()).isEqualTo(ImportReport.Outcome.REFUSED);
        assertThat(report.entry(bad.toString()).orElseThrow().reason()).contains("not a supported image");
        assertThat(report.entry(good.toString()).orElseThrow().outcome()).isEqualTo(ImportReport.Outcome.NOT_STORED);
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void withoutALabelPhotosGoToTheInbox() throws Exception {
        Path photo = Files.write(work.resolve("unsorted.jpg"), TestImages.jpeg(4));

        new PhotosImporter(store, ImportLimits.DEFAULT).importPaths(List.of(photo), Optional.empty(), false);

        assertThat(store.inbox()).hasSize(1);
        assertThat(store.labels()).isEmpty();
    }
}
