package dev.magpie.dataset;

import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetStoreInboxMetaTest {

    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    @TempDir
    Path dataDir;

    private DatasetStore store;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static InboxMeta meta(int minute, double top, double second) {
        return new InboxMeta("shelf3", T0.plusSeconds(60L * minute), "v7",
                List.of(new InboxMeta.Score("empty", top), new InboxMeta.Score("stocked", second)), "LOW_CONFIDENCE");
    }

    private String collect(int seed, InboxMeta meta) {
        AddResult result = store.addToInbox(TestImages.jpeg(seed), "camera:shelf", meta);
        assertThat(result.status()).isEqualTo(AddResult.Status.ADDED);
        return result.sha256();
    }

    @Test
    void collectedFrameIsStoredInTheInboxWithItsMetadata() {
        String sha = collect(1, meta(0, 0.55, 0.45));

        InboxItem item = store.inboxItems(InboxOrder.OLDEST).get(0);
        assertThat(item.image().sha256()).isEqualTo(sha);
        assertThat(item.meta()).contains(meta(0, 0.55, 0.45));
        assertThat(dataDir.resolve("inbox/" + sha + ".jpg")).exists();
    }

    @Test
    void inboxListsTheLeastConfidentOrSmallestMarginFirstAndHandAddedImagesLast() {
        String handAdded = store.addToInbox(TestImages.jpeg(9), "upload").sha256();
        String confident = collect(1, meta(0, 0.70, 0.05));
        String unsure = collect(2, meta(1, 0.40, 0.05));
        String torn = collect(3, meta(2, 0.51, 0.49));

        assertThat(store.inboxItems(InboxOrder.LEAST_CONFIDENT)).extracting(i -> i.image().sha256())
                .containsExactly(unsure, torn, confident, handAdded);
        assertThat(store.inboxItems(InboxOrder.SMALLEST_MARGIN)).extracting(i -> i.image().sha256())
                .containsExactly(torn, unsure, confident, handAdded);
        assertThat(store.inboxItems(InboxOrder.OLDEST).get(3).meta()).isEmpty();
    }

    @Test
    void labellingAnItemMovesItIntoTheDatasetAndItsMetadataGoesWithIt() {
        String sha = collect(1, meta(0, 0.55, 0.45));

        store.labelInboxItem(sha, LabelName.of("empty"));

        assertThat(store.inboxItems(InboxOrder.OLDEST)).isEmpty();
        assertThat(store.rowCounts().get("inbox_meta")).isZero();
        assertThat(dataDir.resolve("dataset/empty/" + sha + ".jpg")).exists();
        assertThat(dataDir.resolve("inbox/" + sha + ".jpg")).doesNotExist();
    }

    @Test
    void relabellingAnInboxItemAlsoDropsItsMetadata() {
        String sha = collect(1, meta(0, 0.55, 0.45));

        store.relabel(sha, Optional.of(LabelName.of("stocked")));

        assertThat(store.rowCounts().get("inbox_meta")).isZero();
    }

    @Test
    void deletingAnItemDeletesItsMetadata() {
        String sha = collect(1, meta(0, 0.55, 0.45));

        store.deleteImage(sha);

        assertThat(store.rowCounts().get("inbox_meta")).isZero();
    }

    @Test
    void sameBytesCollectedTwiceAreADuplicateAndKeepTheFirstMetadata() {
        collect(1, meta(0, 0.55, 0.45));

        AddResult again = store.addToInbox(TestImages.jpeg(1), "camera:shelf", meta(5, 0.3, 0.2));

        assertThat(again.status()).isEqualTo(AddResult.Status.DUPLICATE);
        assertThat(store.inboxItems(InboxOrder.OLDEST).get(0).meta()).contains(meta(0, 0.55, 0.45));
        assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(1);
    }

    @Test
    void trimmingToACountEvictsTheOldestCollectedFramesWithTheirFilesAndRows() {
        String oldest = collect(1, meta(0, 0.5, 0.4));
        String older = collect(2, meta(1, 0.5, 0.4));
        String newer = collect(3, meta(2, 0.5, 0.4));
        String handAdded = store.addToInbox(TestImages.jpeg(9), "upload").sha256();

        List<String> evicted = store.trimCollectedInbox(new InboxQuota(1, Long.MAX_VALUE));

        assertThat(evicted).containsExactly(oldest, older);
        assertThat(store.inbox()).extracting(StoredImage::sha256).containsExactlyInAnyOrder(newer, handAdded);
        assertThat(dataDir.resolve("inbox/" + oldest + ".jpg")).doesNotExist();
        assertThat(dataDir.resolve("inbox/" + older + ".jpg")).doesNotExist();
        assertThat(dataDir.resolve("inbox/" + newer + ".jpg")).exists();
        assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(1);
    }

    @Test
    void trimmingToABytesQuotaEvictsOldestUntilTheRestFits() {
        byte[] a = TestImages.jpeg(1);
        byte[] b = TestImages.jpeg(2);
        byte[] c = TestImages.jpeg(3);
        String first = store.addToInbox(a, "cam", meta(0, 0.5, 0.4)).sha256();
        store.addToInbox(b, "cam", meta(1, 0.5, 0.4));
        store.addToInbox(c, "cam", meta(2, 0.5, 0.4));

        List<String> evicted = store.trimCollectedInbox(new InboxQuota(100, b.length + c.length));

        assertThat(evicted).containsExactly(first);
        assertThat(store.inbox()).hasSize(2);
    }

    @Test
    void trimmingWithinTheQuotaChangesNothing() {
        collect(1, meta(0, 0.5, 0.4));
        StoreSnapshot before = StoreSnapshot.of(store);

        assertThat(store.trimCollectedInbox(InboxQuota.UNLIMITED)).isEmpty();
        assertThat(StoreSnapshot.of(store)).isEqualTo(before);
    }
}
