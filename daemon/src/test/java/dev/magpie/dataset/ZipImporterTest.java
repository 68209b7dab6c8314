package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.magpie.dataset.ImportReport.Outcome.ADDED;
import static dev.magpie.dataset.ImportReport.Outcome.NOT_STORED;
import static dev.magpie.dataset.ImportReport.Outcome.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

class ZipImporterTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private DatasetStore store;
    private ZipImporter importer;
    private StoreSnapshot before;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT));
        importer = new ZipImporter(store, ImportLimits.DEFAULT);
        before = StoreSnapshot.of(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void zipOfLabelFoldersWrappedInOneFolderIsUnwrappedAndJunkIgnored() {
        Path zip = new ZipBuilder()
                .add("birds/", new byte[0])
                .add("birds/goldfinch/a.jpg", TestImages.jpeg(1))
                .add("birds/goldfinch/b.png", TestImages.generated(2, "png"))
                .add("birds/None/c.jpg", TestImages.jpeg(3))
                .add("birds/.DS_Store", new byte[] {0, 0, 0, 1})
                .add("__MACOSX/birds/goldfinch/._a.jpg", new byte[] {5})
                .add("birds/goldfinch/.hidden.jpg", TestImages.jpeg(4))
                .writeTo(work.resolve("birds.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsOnly(ADDED);
        assertThat(report.entries()).hasSize(3);
        assertThat(store.labelCounts()).containsEntry(LabelName.of("goldfinch"), 2).containsEntry(LabelName.NONE, 1);
    }

    @Test
    void labelFoldersDifferingOnlyInCaseKeepTheFirstAndRefuseTheSecond() {
        // found by FuzzTest: the second folder's label was refused inside the store's transaction and escaped as an
        // exception instead of a per-file refusal
        Path zip = new ZipBuilder()
                .add("rud/a.jpg", TestImages.jpeg(11))
                .add("rUd/b.jpg", TestImages.jpeg(12))
                .writeTo(work.resolve("case.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsExactly(ADDED, REFUSED);
        assertThat(report.entries().get(1).reason()).contains("only in letter case");
        assertThat(store.labelCounts()).containsOnlyKeys(LabelName.of("rud"));
        assertThat(store.images()).hasSize(1);
    }

    @Test
    void customVisionTagFoldersWithSpacesAndHyphensImportUnderUnderscoredLabels() {
        Path zip = new ZipBuilder()
                .add("hot-dog/a.jpg", TestImages.jpeg(21))
                .add("Empty Shelf/b.jpg", TestImages.jpeg(22))
                .add("bad label!/c.jpg", TestImages.jpeg(23))
                .writeTo(work.resolve("tags.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(store.labelCounts()).containsOnlyKeys(LabelName.of("hot_dog"), LabelName.of("Empty_Shelf"));
        assertThat(report.entry("bad label!/c.jpg").orElseThrow().outcome()).isEqualTo(REFUSED);
    }

    @Test
    void trainAndTestFoldersSetTheSplit() {
        Path zip = new ZipBuilder()
                .add("train/cat/a.jpg", TestImages.jpeg(5))
                .add("test/cat/b.jpg", TestImages.jpeg(6))
                .add("validation/dog/c.jpg", TestImages.jpeg(7))
                .writeTo(work.resolve("split.zip"));

        importer.importZip(zip, false);

        assertThat(store.images()).extracting(i -> i.label().orElseThrow().value() + ":" + i.split())
                .containsExactlyInAnyOrder("cat:TRAIN", "cat:TEST", "dog:TEST");
    }

    @Test
    void realPhotosFromSharedDatasetImport() {
        ZipBuilder builder = new ZipBuilder();
        for (Path photo : TestImages.realImages("trashnet-subset", "glass", 3)) {
            builder.add("glass/" + photo.getFileName(), TestImages.read(photo));
        }
        ImportReport report = importer.importZip(builder.writeTo(work.resolve("glass.zip")), true);

        assertThat(report.count(ADDED)).isEqualTo(3);
        assertThat(store.labelCounts()).containsEntry(LabelName.of("glass"), 3);
    }

    @Test
    void zipSlipEntryIsRefusedAndStoreUnchanged() {
        Path zip = new ZipBuilder().add("../cat/evil.jpg", TestImages.jpeg(8)).writeTo(work.resolve("slip.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).containsExactly(refused("../cat/evil.jpg", "path escapes the archive with '..' (zip slip)"));
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void absolutePathEntryIsRefusedAndStoreUnchanged() {
        Path zip = new ZipBuilder().add("/etc/cat/evil.jpg", TestImages.jpeg(9)).writeTo(work.resolve("abs.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).containsExactly(
                refused("/etc/cat/evil.jpg", "absolute path in archive; entries must be relative (label/image.jpg)"));
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void symlinkEntryIsRefusedAndStoreUnchanged() {
        Path zip = new ZipBuilder().symlink("cat/link.jpg", "/etc/shadow").writeTo(work.resolve("link.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).containsExactly(
                refused("cat/link.jpg", "symbolic link entries are refused; put the image itself in the archive"));
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void zipBombIsRefusedWhileInflatingAndStoreUnchanged() {
        // 50 MB of zeros deflates to about 50 KB: a 1000:1 ratio, far above what any photo reaches.
        Path zip = new ZipBuilder().add("cat/bomb.bmp", new byte[50 * 1024 * 1024]).writeTo(work.resolve("bomb.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).hasSize(1);
        assertThat(report.entries().get(0).outcome()).isEqualTo(REFUSED);
        assertThat(report.entries().get(0).reason()).startsWith("ZIP_BOMB: compression ratio over 100:1");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void archiveInflatingPastTotalCapStopsTheImport() {
        ImportLimits tight = new ImportLimits(ImportLimits.DEFAULT.maxFileBytes(), 100, 100, 100);
        Path zip = new ZipBuilder()
                .add("cat/a.png", TestImages.generated(10, "png"))
                .add("cat/b.png", TestImages.generated(11, "png"))
                .writeTo(work.resolve("big.zip"));

        ImportReport report = new ZipImporter(store, tight).importZip(zip, true);

        assertThat(report.entry("big.zip").orElseThrow().reason()).startsWith("import stopped: ZIP_BOMB: the archive inflates to more than");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void nestedZipIsRefused() {
        byte[] inner = TestImagesZip.of("cat/a.jpg", TestImages.jpeg(12));
        Path zip = new ZipBuilder().add("cat/inner.zip", inner).add("cat/sneaky.jpg", inner).writeTo(work.resolve("n.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::reason)
                .containsOnly("nested archives are not imported; unpack it and import its contents");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void invalidLabelFoldersAreRefusedWithTheRule() {
        Path zip = new ZipBuilder()
                .add("a+b/x.jpg", TestImages.jpeg(13))
                .add("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456/x.jpg", TestImages.jpeg(14))
                .add("none/x.jpg", TestImages.jpeg(15))
                .writeTo(work.resolve("labels.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entries()).extracting(ImportReport.Entry::outcome).containsOnly(REFUSED);
        assertThat(report.entry("a+b/x.jpg").orElseThrow().reason())
                .isEqualTo("label folder: invalid label name 'a+b': " + LabelName.RULE);
        assertThat(report.entry("none/x.jpg").orElseThrow().reason()).contains("reserved catch-all label 'None'");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void allOrNothingStoresNothingWhenOneEntryIsBad() {
        Path zip = new ZipBuilder()
                .add("cat/good.jpg", TestImages.jpeg(16))
                .add("cat/notes.jpg", "not an image".getBytes())
                .writeTo(work.resolve("mixed.zip"));

        ImportReport report = importer.importZip(zip, true);

        assertThat(report.entry("cat/good.jpg").orElseThrow().outcome()).isEqualTo(NOT_STORED);
        assertThat(report.entry("cat/notes.jpg").orElseThrow().reason()).startsWith("UNSUPPORTED_FORMAT");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void withoutAllOrNothingGoodEntriesAreKeptBesideRefusedOnes() {
        Path zip = new ZipBuilder()
                .add("cat/good.jpg", TestImages.jpeg(17))
                .add("../cat/bad.jpg", TestImages.jpeg(18))
                .writeTo(work.resolve("mixed.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.count(ADDED)).isEqualTo(1);
        assertThat(report.count(REFUSED)).isEqualTo(1);
        assertThat(store.images()).hasSize(1);
    }

    @Test
    void sameImageUnderTwoLabelFoldersIsAConflict() {
        byte[] image = TestImages.jpeg(19);
        Path zip = new ZipBuilder().add("cat/a.jpg", image).add("dog/a.jpg", image).writeTo(work.resolve("twice.zip"));

        ImportReport report = importer.importZip(zip, false);

        assertThat(report.entry("cat/a.jpg").orElseThrow().outcome()).isEqualTo(ADDED);
        ImportReport.Entry conflict = report.entry("dog/a.jpg").orElseThrow();
        assertThat(conflict.outcome()).isEqualTo(ImportReport.Outcome.CONFLICT);
        assertThat(conflict.reason()).contains("already in the dataset under label 'cat'");
        assertThat(store.images()).hasSize(1);
    }

    private static ImportReport.Entry refused(String name, String reason) {
        return new ImportReport.Entry(name, REFUSED, reason, java.util.Optional.empty());
    }

    /** A one-entry zip as bytes, for nesting. */
    private static final class TestImagesZip {
        static byte[] of(String name, byte[] content) {
            try {
                Path tmp = java.nio.file.Files.createTempFile("inner", ".zip");
                new ZipBuilder().add(name, content).writeTo(tmp);
                byte[] bytes = java.nio.file.Files.readAllBytes(tmp);
                java.nio.file.Files.delete(tmp);
                return bytes;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @SuppressWarnings("unused")
    private static List<String> names(ImportReport report) {
        return report.entries().stream().map(ImportReport.Entry::name).toList();
    }
}
