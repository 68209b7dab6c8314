package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class LatestFrameSlotTest {

    @BeforeAll
    static void loadOpenCv() {
        TestJpegs.load();
    }

    private static Frame frame(long sequence) {
        return new Frame(new Mat(4, 4, CvType.CV_8UC3), Instant.EPOCH, sequence);
    }

    @Test
    void newerFrameReplacesAndReleasesTheUntakenOne() {
        LatestFrameSlot slot = new LatestFrameSlot();
        Frame first = frame(1);
        Frame second = frame(2);

        slot.put(first);
        slot.put(second);

        assertThat(first.bgr().empty()).isTrue();
        assertThat(first.bgr().dataAddr()).isZero();
        assertThat(second.bgr().empty()).isFalse();
        assertThat(slot.dropped()).isEqualTo(1);
        try (Frame taken = slot.take(Duration.ZERO).orElseThrow()) {
            assertThat(taken.sequence()).isEqualTo(2);
        }
    }

    @Test
    void takenFrameBelongsToTheCallerAndIsNotReleasedByLaterPuts() {
        LatestFrameSlot slot = new LatestFrameSlot();
        slot.put(frame(1));
        Frame taken = slot.take(Duration.ZERO).orElseThrow();

        slot.put(frame(2));
        slot.put(frame(3));

        assertThat(taken.bgr().empty()).isFalse();
        assertThat(slot.dropped()).isEqualTo(1); // only frame 2 was dropped
        taken.close();
        slot.clear();
    }

    @Test
    void takeOnAnEmptySlotTimesOutEmpty() {
        assertThat(new LatestFrameSlot().take(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void waitingTakeWakesOnPut() throws Exception {
        LatestFrameSlot slot = new LatestFrameSlot();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Optional<Frame>> result = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            waiting.countDown();
            result.set(slot.take(Duration.ofSeconds(10)));
        }, "test-consumer");
        consumer.start();
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

        slot.put(frame(7));
        consumer.join(5000);

        assertThat(consumer.isAlive()).isFalse();
        try (Frame taken = result.get().orElseThrow()) {
            assertThat(taken.sequence()).isEqualTo(7);
        }
    }

    @Test
    void clearReleasesTheWaitingFrame() {
        LatestFrameSlot slot = new LatestFrameSlot();
        Frame waiting = frame(1);
        slot.put(waiting);

        slot.clear();

        assertThat(waiting.bgr().empty()).isTrue();
        assertThat(slot.poll()).isEmpty();
    }
}
