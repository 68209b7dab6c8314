package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.io.AtomicFiles;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetStoreTest {

    private static final LabelName DAISY = LabelName.of("daisy");
    private static final LabelName ROSE = LabelName.of("rose");

    @TempDir
    Path dataDir;

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    private DatasetStore store;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, decoder);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void realPhotoIsStoredOnceUnderItsLabelWithOriginalBytes() {
        Path photo = TestImages.realImages("flowers-128px-subset", "daisy", 1).get(0);
        byte[] bytes = TestImages.read(photo);

        AddResult result = store.addImage(bytes, DAISY, photo.toString());

        assertThat(result.status()).isEqualTo(AddResult.Status.ADDED);
        assertThat(result.sha256()).hasSize(64);
        StoredImage stored = store.images(DAISY).get(0);
        assertThat(stored.label()).contains(DAISY);
        assertThat(stored.split()).isEqualTo(Split.UNASSIGNED);
        assertThat(stored.width()).isPositive();
        assertThat(store.readBytes(stored)).isEqualTo(bytes);
        assertThat(dataDir.resolve("dataset/daisy/" + result.sha256() + ".jpg")).exists();
    }

    @Test
    void sameImageTwiceUnderSameLabelIsDuplicateAndStoredOnce() {
        byte[] bytes = TestImages.jpeg(1);
        store.addImage(bytes, DAISY, "a");

        AddResult again = store.addImage(bytes, DAISY, "b");

        assertThat(again.status()).isEqualTo(AddResult.Status.DUPLICATE);
        assertThat(again.message()).contains("under label 'daisy'");
        assertThat(store.images()).hasSize(1);
    }

    @Test
    void sameImageUnderTwoLabelsIsConflictNamingTheExistingLabel() {
        byte[] bytes = TestImages.jpeg(2);
        store.addImage(bytes, DAISY, "a");
        StoreSnapshot before = StoreSnapshot.of(store);

        AddResult again = store.addImage(bytes, ROSE, "b");

        assertThat(again.status()).isEqualTo(AddResult.Status.CONFLICT);
        assertThat(again.message()).contains("under label 'daisy'").contains("not under label 'rose'");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void truncatedJpegIsRejectedAndStoreUnchanged() {
        byte[] whole = TestImages.read(TestImages.realImages("flowers-128px-subset", "rose", 1).get(0));
        StoreSnapshot before = StoreSnapshot.of(store);

        AddResult result = store.addImage(Arrays.copyOf(whole, whole.length / 2), ROSE, "t");

        assertThat(result.status()).isEqualTo(AddResult.Status.REJECTED);
        assertThat(result.message()).startsWith("CORRUPT");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void textFileNamedJpgIsRejectedAndStoreUnchanged() {
        StoreSnapshot before = StoreSnapshot.of(store);

        AddResult result = store.addImage("hello, I am not a picture\n".getBytes(), ROSE, "notes.jpg");

        assertThat(result.status()).isEqualTo(AddResult.Status.REJECTED);
        assertThat(result.message()).startsWith("UNSUPPORTED_FORMAT");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void fileOver30MegabytesIsRejectedAndStoreUnchanged() {
        byte[] big = Arrays.copyOf(TestImages.jpeg(3), 30 * 1024 * 1024 + 1);
        StoreSnapshot before = StoreSnapshot.of(store);

        AddResult result = store.addImage(big, ROSE, "big.jpg");

        assertThat(result.status()).isEqualTo(AddResult.Status.REJECTED);
        assertThat(result.message()).startsWith("TOO_LARGE");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void allOrNothingBatchWithOneBadImageStoresNothing() {
        StoreSnapshot before = StoreSnapshot.of(store);

        List<AddResult> results = store.addAll(List.of(
                NewImage.labelled(TestImages.jpeg(4), DAISY, Split.TRAIN, "good"),
                NewImage.labelled("junk".getBytes(), DAISY, Split.TRAIN, "bad")), true);

        assertThat(results).extracting(AddResult::status).containsExactly(AddResult.Status.NOT_STORED, AddResult.Status.REJECTED);
        assertThat(results.get(0).message()).contains("all-or-nothing");
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void inboxImageIsMovedUnderItsLabelWhenLabelled() {
        AddResult added = store.addToInbox(TestImages.generated(5, "png"), "camera");
        assertThat(dataDir.resolve("inbox/" + added.sha256() + ".png")).exists();

        store.labelInboxItem(added.sha256(), LabelName.NONE);

        assertThat(dataDir.resolve("inbox/" + added.sha256() + ".png")).doesNotExist();
        assertThat(dataDir.resolve("dataset/None/" + added.sha256() + ".png")).exists();
        assertThat(store.inbox()).isEmpty();
        assertThat(store.labelCounts()).containsEntry(LabelName.NONE, 1);
    }

    @Test
    void renameLabelMovesFolderAndRows() {
        AddResult added = store.addImage(TestImages.jpeg(6), DAISY, "a");
        String before = store.fingerprint();

        store.renameLabel(DAISY, ROSE);

        assertThat(store.labels()).containsExactly(ROSE);
        assertThat(store.images(ROSE)).extracting(StoredImage::sha256).containsExactly(added.sha256());
        assertThat(dataDir.resolve("dataset/rose/" + added.sha256() + ".jpg")).exists();
        assertThat(dataDir.resolve("dataset/daisy")).doesNotExist();
        assertThat(store.fingerprint()).isNotEqualTo(before);
    }

    @Test
    void renameOntoExistingLabelIsRefused() {
        store.addImage(TestImages.jpeg(7), DAISY, "a");
        store.addImage(TestImages.jpeg(8), ROSE, "b");

        assertThatThrownBy(() -> store.renameLabel(DAISY, ROSE)).hasMessageContaining("already exists");
        assertThat(store.labelCounts()).containsEntry(DAISY, 1).containsEntry(ROSE, 1);
    }

    @Test
    void deleteLabelRemovesImagesFilesAndEmbeddings() {
        AddResult added = store.addImage(TestImages.jpeg(9), DAISY, "a");
        store.addImage(TestImages.jpeg(10), ROSE, "b");
        store.putEmbedding(added.sha256(), "mnv2", 0, new float[] {1, 2});

        store.deleteLabel(DAISY);

        assertThat(store.labels()).containsExactly(ROSE);
        assertThat(dataDir.resolve("dataset/daisy")).doesNotExist();
        assertThat(store.rowCounts()).containsEntry("images", 1).containsEntry("embeddings", 0);
    }

    @Test
    void deleteImageRemovesRowAndFile() {
        AddResult added = store.addImage(TestImages.jpeg(11), DAISY, "a");

        store.deleteImage(added.sha256());

        assertThat(store.images()).isEmpty();
        assertThat(dataDir.resolve("dataset/daisy/" + added.sha256() + ".jpg")).doesNotExist();
        assertThatThrownBy(() -> store.deleteImage(added.sha256())).isInstanceOf(UnknownImageException.class);
    }

    @Test
    void setSplitIsPersistedAcrossReopen() {
        AddResult added = store.addImage(TestImages.jpeg(12), DAISY, "a");

        store.setSplit(added.sha256(), Split.TEST);
        store.close();
        store = DatasetStore.open(dataDir, decoder);

        assertThat(store.find(added.sha256()).orElseThrow().split()).isEqualTo(Split.TEST);
        assertThat(store.sweepReport().clean()).isTrue();
    }

    @Test
    void embeddingsRoundTripAsLittleEndianVectorsPerEmbedderAndView() {
        AddResult added = store.addImage(TestImages.jpeg(13), DAISY, "a");
        float[] original = {0.5f, -1.25f, Float.MIN_VALUE, 1e9f};

        store.putEmbeddings(List.of(new Embedding(added.sha256(), "mnv2-int8", 0, original),
                new Embedding(added.sha256(), "mnv2-int8", 1, new float[] {7f})));

        assertThat(store.cachedEmbedding(added.sha256(), "mnv2-int8", 0)).hasValueSatisfying(v -> assertThat(v).containsExactly(original));
        assertThat(store.cachedEmbedding(added.sha256(), "mnv2-int8", 1)).hasValueSatisfying(v -> assertThat(v).containsExactly(7f));
        assertThat(store.cachedEmbedding(added.sha256(), "other", 0)).isEmpty();
        assertThat(EmbeddingCodec.encode(new float[] {1f})).containsExactly(0, 0, (byte) 0x80, 0x3f);
    }

    @Test
    void fingerprintDependsOnImagesAndLabelsNotOnOrderOrInbox() {
        byte[] a = TestImages.jpeg(14);
        byte[] b = TestImages.jpeg(15);
        store.addImage(a, DAISY, "a");
        store.addImage(b, ROSE, "b");
        String first = store.fingerprint();
        store.addToInbox(TestImages.jpeg(16), "cam");
        assertThat(store.fingerprint()).isEqualTo(first);

        try (DatasetStore other = DatasetStore.open(dataDir.resolve("other"), decoder)) {
            other.addImage(b, ROSE, "b");
            other.addImage(a, DAISY, "a");
            assertThat(other.fingerprint()).isEqualTo(first);
        }
    }

    @Test
    void startUpSweepRemovesTempAndUnindexedFilesAndRowsWithoutFiles() throws Exception {
        AddResult kept = store.addImage(TestImages.jpeg(17), DAISY, "kept");
        AddResult lost = store.addImage(TestImages.jpeg(18), DAISY, "lost");
        AddResult moving = store.addToInbox(TestImages.jpeg(19), "cam");
        store.labelInboxItem(moving.sha256(), ROSE);
        store.close();
        // Simulate crashes: a write interrupted before its rename, a file whose row never committed, a file lost
        // from disk, a relabel interrupted after the move, and a file someone copied in by hand.
        Path temp = dataDir.resolve("dataset/daisy/.abc.jpg123" + AtomicFiles.TEMP_SUFFIX);
        Files.write(temp, new byte[] {1, 2, 3});
        String unindexedSha = Sha256.hex(TestImages.jpeg(20));
        Path unindexed = dataDir.resolve("inbox/" + unindexedSha + ".jpg");
        Files.write(unindexed, TestImages.jpeg(20));
        Files.delete(dataDir.resolve("dataset/daisy/" + lost.sha256() + ".jpg"));
        Files.move(dataDir.resolve("dataset/rose/" + moving.sha256() + ".jpg"), dataDir.resolve("inbox/" + moving.sha256() + ".jpg"));
        Path handCopied = dataDir.resolve("dataset/daisy/holiday.jpg");
        Files.write(handCopied, TestImages.jpeg(21));

        store = DatasetStore.open(dataDir, decoder);

        assertThat(store.sweepReport()).isEqualTo(new SweepReport(1, 1, 1, 1, 1));
        assertThat(temp).doesNotExist();
        assertThat(unindexed).doesNotExist();
        assertThat(handCopied).doesNotExist();
        assertThat(dataDir.resolve("orphans/dataset/daisy/holiday.jpg")).exists();
        assertThat(dataDir.resolve("dataset/rose/" + moving.sha256() + ".jpg")).exists();
        assertThat(store.images()).extracting(StoredImage::sha256).containsExactlyInAnyOrder(kept.sha256(), moving.sha256());
        assertThat(store.find(moving.sha256()).orElseThrow().label()).isEqualTo(Optional.of(ROSE));
    }

    @Test
    void labelCountsIncludeEmptyLabels() {
        store.createLabel(LabelName.NONE);
        store.addImage(TestImages.jpeg(22), DAISY, "a");

        assertThat(store.labelCounts()).isEqualTo(Map.of(LabelName.NONE, 0, DAISY, 1));
    }

    @Test
    void fileIsRemovedWhenItsRowCannotBeInserted() throws Exception {
        // A trigger makes every insert fail, standing in for a full disk or a locked database.
        try (var sql = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("magpie.db"));
             var st = sql.createStatement()) {
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON images BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
        }
        StoreSnapshot before = StoreSnapshot.of(store);

        AddResult result = store.addImage(TestImages.jpeg(23), DAISY, "a");
        List<AddResult> batch = store.addAll(List.of(NewImage.labelled(TestImages.jpeg(24), DAISY, Split.TRAIN, "b"),
                NewImage.labelled(TestImages.jpeg(25), ROSE, Split.TRAIN, "c")), true);

        assertThat(result.status()).isEqualTo(AddResult.Status.REJECTED);
        assertThat(result.message()).startsWith("could not store the image").contains("simulated failure");
        assertThat(batch).extracting(AddResult::status).containsOnly(AddResult.Status.REJECTED);
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }

    @Test
    void relabelMovesBetweenLabelsAndBackToInbox() {
        AddResult added = store.addImage(TestImages.jpeg(26), DAISY, "a");

        store.relabel(added.sha256(), Optional.of(ROSE));
        assertThat(dataDir.resolve("dataset/rose/" + added.sha256() + ".jpg")).exists();
        store.relabel(added.sha256(), Optional.empty());

        assertThat(dataDir.resolve("inbox/" + added.sha256() + ".jpg")).exists();
        assertThat(store.inbox()).extracting(StoredImage::sha256).containsExactly(added.sha256());
        assertThat(store.labelCounts()).containsEntry(DAISY, 0).containsEntry(ROSE, 0);
    }
}
