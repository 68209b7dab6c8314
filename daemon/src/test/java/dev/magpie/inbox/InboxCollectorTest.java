package dev.magpie.inbox;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.InboxItem;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.dataset.InboxOrder;
import dev.magpie.dataset.InboxQuota;
import dev.magpie.dataset.LabelName;
import dev.magpie.learn.Prediction;
import dev.magpie.testing.FakeClock;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static dev.magpie.inbox.Predictions.known;
import static org.assertj.core.api.Assertions.assertThat;

class InboxCollectorTest {

    @TempDir
    Path dataDir;

    private final FakeClock clock = new FakeClock();
    private DatasetStore store;
    private int seed;

    @BeforeEach
    void open() {
        store = DatasetStore.open(dataDir, new ImageDecoder(ImageLimits.DEFAULT), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Keeps every frame below 0.5 confidence; no other rule. */
    private InboxCollector collector(InboxSettings settings) {
        UnsurePolicy policy = new UnsurePolicy(new UnsureSettings(0.5, 0.0, 0.0, 0.0, false), l -> 0.5,
                new SplittableRandom(7));
        return new InboxCollector(store, policy, new RateLimiter(settings.limits(), clock), settings);
    }

    private static InboxSettings settings(double duplicateDistance, RateLimits limits, InboxQuota quota) {
        return new InboxSettings(duplicateDistance, 8, limits, quota);
    }

    private static final Prediction UNSURE = known("empty", 0.45, "stocked", 0.40, "None", 0.15);
    private static final Prediction SURE = known("stocked", 0.97, "empty", 0.03);

    /** A distinct image each call; the embedding points along {@code axis} of an 8-d space, tilted by {@code tilt}. */
    private InboxCandidate frame(Prediction prediction, int axis, float tilt) {
        float[] embedding = new float[8];
        embedding[axis] = 1f;
        embedding[(axis + 1) % 8] = tilt;
        seed++;
        return new InboxCandidate("shelf3", clock.instant(), TestImages.jpeg(seed), embedding, prediction);
    }

    @Test
    void anUnsureFrameIsStoredWithZoneTimeModelScoresAndReason() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, InboxQuota.UNLIMITED));

        CollectResult result = collector.offer(frame(UNSURE, 0, 0));

        assertThat(result.status()).isEqualTo(CollectResult.Status.KEPT);
        InboxItem item = store.inboxItems(InboxOrder.OLDEST).get(0);
        assertThat(item.image().sha256()).isEqualTo(result.sha256().orElseThrow());
        InboxMeta meta = item.meta().orElseThrow();
        assertThat(meta.zone()).isEqualTo("shelf3");
        assertThat(meta.capturedAt()).isEqualTo(clock.instant());
        assertThat(meta.model()).isEqualTo("v7");
        assertThat(meta.scores()).containsExactly(new InboxMeta.Score("empty", 0.45), new InboxMeta.Score("stocked", 0.40),
                new InboxMeta.Score("None", 0.15));
        assertThat(meta.reason()).isEqualTo("LOW_CONFIDENCE: top-1 empty 0.45 < floor 0.50");
        assertThat(item.image().source()).isEqualTo("zone:shelf3");
    }

    @Test
    void aSureFrameIsNotStored() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, InboxQuota.UNLIMITED));

        assertThat(collector.offer(frame(SURE, 0, 0)).status()).isEqualTo(CollectResult.Status.SURE);
        assertThat(store.inbox()).isEmpty();
    }

    @Test
    void aFrameNearlyIdenticalToARecentlyKeptOneIsSuppressed() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, InboxQuota.UNLIMITED));
        collector.offer(frame(UNSURE, 0, 0));

        // tilt 0.1: cosine distance about 0.005; tilt 0.5: about 0.106.
        CollectResult same = collector.offer(frame(UNSURE, 0, 0.1f));
        CollectResult different = collector.offer(frame(UNSURE, 0, 0.5f));
        CollectResult otherAxis = collector.offer(frame(UNSURE, 3, 0));

        assertThat(same.status()).isEqualTo(CollectResult.Status.NEAR_DUPLICATE);
        assertThat(different.status()).isEqualTo(CollectResult.Status.KEPT);
        assertThat(otherAxis.status()).isEqualTo(CollectResult.Status.KEPT);
        assertThat(store.inbox()).hasSize(3);
    }

    @Test
    void theDuplicateWindowIsBoundedSoAnOldLookAlikeIsKeptAgain() {
        InboxCollector collector = collector(new InboxSettings(0.02, 2, RateLimits.UNLIMITED, InboxQuota.UNLIMITED));
        collector.offer(frame(UNSURE, 0, 0));
        collector.offer(frame(UNSURE, 1, 0));
        collector.offer(frame(UNSURE, 2, 0));

        assertThat(collector.offer(frame(UNSURE, 0, 0.05f)).status()).isEqualTo(CollectResult.Status.KEPT);
        assertThat(collector.offer(frame(UNSURE, 2, 0.05f)).status()).isEqualTo(CollectResult.Status.NEAR_DUPLICATE);
    }

    @Test
    void framesOverThePerMinuteCapAreRefusedUntilTheMinuteHasPassed() {
        InboxCollector collector = collector(settings(0.02, new RateLimits(2, 100, 100), InboxQuota.UNLIMITED));

        assertThat(collector.offer(frame(UNSURE, 0, 0)).kept()).isTrue();
        assertThat(collector.offer(frame(UNSURE, 1, 0)).kept()).isTrue();
        assertThat(collector.offer(frame(UNSURE, 2, 0)).status()).isEqualTo(CollectResult.Status.RATE_LIMITED);
        clock.advanceSeconds(60);
        assertThat(collector.offer(frame(UNSURE, 3, 0)).kept()).isTrue();
    }

    @Test
    void nearDuplicatesDoNotUseUpTheRateBudget() {
        InboxCollector collector = collector(settings(0.02, new RateLimits(2, 100, 100), InboxQuota.UNLIMITED));
        collector.offer(frame(UNSURE, 0, 0));
        for (int i = 0; i < 5; i++) {
            collector.offer(frame(UNSURE, 0, 0.01f));
        }

        assertThat(collector.offer(frame(UNSURE, 4, 0)).kept()).isTrue();
    }

    @Test
    void overTheCountQuotaTheOldestCollectedFramesAreEvictedWithTheirFiles() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, new InboxQuota(3, Long.MAX_VALUE)));
        List<String> kept = new java.util.ArrayList<>();
        for (int axis = 0; axis < 5; axis++) {
            kept.add(collector.offer(frame(UNSURE, axis, 0)).sha256().orElseThrow());
            clock.advanceSeconds(1);
        }

        assertThat(store.inboxItems(InboxOrder.OLDEST)).extracting(i -> i.image().sha256())
                .containsExactly(kept.get(2), kept.get(3), kept.get(4));
        assertThat(dataDir.resolve("inbox/" + kept.get(0) + ".jpg")).doesNotExist();
        assertThat(dataDir.resolve("inbox/" + kept.get(1) + ".jpg")).doesNotExist();
        assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(3);
    }

    @Test
    void theKeepThatOverflowsTheQuotaReportsWhatItEvicted() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, new InboxQuota(1, Long.MAX_VALUE)));
        String first = collector.offer(frame(UNSURE, 0, 0)).sha256().orElseThrow();
        clock.advanceSeconds(1);

        CollectResult second = collector.offer(frame(UNSURE, 1, 0));

        assertThat(second.evicted()).containsExactly(first);
    }

    @Test
    void labellingACollectedFrameTakesItOutOfTheInboxAndOutOfTheQuota() {
        InboxCollector collector = collector(settings(0.02, RateLimits.UNLIMITED, new InboxQuota(1, Long.MAX_VALUE)));
        String first = collector.offer(frame(UNSURE, 0, 0)).sha256().orElseThrow();
        store.labelInboxItem(first, LabelName.of("empty"));

        CollectResult second = collector.offer(frame(UNSURE, 1, 0));

        assertThat(second.evicted()).isEmpty();
        assertThat(store.images(LabelName.of("empty"))).hasSize(1);
        assertThat(store.rowCounts().get("inbox_meta")).isEqualTo(1);
    }

    @Test
    void theSameBytesOfferedTwiceAreStoredOnce() {
        InboxCollector collector = collector(settings(0.0, RateLimits.UNLIMITED, InboxQuota.UNLIMITED));
        InboxCandidate frame = frame(UNSURE, 0, 0);

        collector.offer(frame);
        assertThat(collector.offer(frame).status()).isEqualTo(CollectResult.Status.ALREADY_STORED);
        assertThat(store.inbox()).hasSize(1);
    }
}
