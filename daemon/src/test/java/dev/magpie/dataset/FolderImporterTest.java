package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.magpie.dataset.ImportReport.Outcome.ADDED;
import static dev.magpie.dataset.ImportReport.Outcome.DUPLICATE;
import static dev.magpie.dataset.ImportReport.Outcome.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

class FolderImporterTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    @TempDir
    Path outside;

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
    void sharedCustomVisionFolderImportsInPlaceAndTopLevelDocumentsArePassedOver() {
        Path root = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");

        ImportReport report = new FolderImporter(store, ImportLimits.DEFAULT).importFolder(root, false);

        assertThat(store.labelCounts()).containsEntry(LabelName.of("fork"), 20).containsEntry(LabelName.of("scissors"), 20);
        assertThat(report.count(ADDED)).isEqualTo(40);
        assertThat(report.entry("SOURCE.md")).as("a README beside the label folders is not a refusal").isEmpty();
        assertThat(report.entry("boxes.csv")).isEmpty();
        assertThat(report.count(REFUSED)).isZero();

        ImportReport again = new FolderImporter(store, ImportLimits.DEFAULT).importFolder(root, false);
        assertThat(again.count(DUPLICATE)).isEqualTo(40);
        assertThat(store.images()).hasSize(40);
    }

    @Test
    void symlinkedFileIsRefusedAndStoreUnchanged() throws IOException {
        Files.createDirectories(work.resolve("cat"));
        Path target = Files.write(outside.resolve("real.jpg"), TestImages.jpeg(1));
        Files.createSymbolicLink(work.resolve("cat/link.jpg"), target);
        StoreSnapshot before = StoreSnapshot.of(store);

        ImportReport report = new FolderImporter(store, ImportLimits.DEFAULT).importFolder(work, false);

        assertThat(report.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("cat/link.jpg");
            assertThat(e.outcome()).isEqualTo(REFUSED);
            assertThat(e.reason()).startsWith("symbolic links are not followed");
        });
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void unlabelledFolderGoesToInbox() throws IOException {
        Files.createDirectories(work.resolve("camera/2026"));
        Files.write(work.resolve("camera/2026/a.jpg"), TestImages.jpeg(2));
        Files.write(work.resolve("b.png"), TestImages.generated(3, "png"));
        Files.write(work.resolve(".DS_Store"), new byte[] {1});

        ImportReport report = new PhotosImporter(store, ImportLimits.DEFAULT).importFolder(work, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsExactly(ADDED, ADDED);
        assertThat(store.inbox()).hasSize(2);
        assertThat(store.labels()).isEmpty();
    }
}
