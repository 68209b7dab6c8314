package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.devices.camera.ScriptedSource.Step;
import dev.magpie.devices.camera.SourceHealth.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaptureLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void loadOpenCv() {
        TestJpegs.load();
    }

    private final BlockingQueue<SourceHealth> changes = new LinkedBlockingQueue<>();

    private SourceHealth nextChange() throws InterruptedException {
        SourceHealth health = changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(health).as("a state change within " + WAIT).isNotNull();
        return health;
    }

    @Test
    void backoffDoublesUpToTheCapAndResetsAfterAGoodFrame() throws Exception {
        ScriptedSource source = new ScriptedSource();
        FakePacer pacer = new FakePacer();
        LatestFrameSlot slot = new LatestFrameSlot();
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2));
        for (int i = 0; i < 4; i++) {
            source.opens.add(Step.FAIL);
        }
        source.opens.add(Step.FRAME);
        source.reads.add(Step.FRAME);

        try (CaptureLoop loop = CaptureLoop.start(source, slot, backoff, pacer, changes::add)) {
            assertThat(nextChange().state()).isEqualTo(State.RECONNECTING);
            SourceHealth streaming = nextChange();
            assertThat(streaming.state()).isEqualTo(State.STREAMING);
            assertThat(streaming.reconnects()).isEqualTo(4);
            assertThat(streaming.lastError()).isEqualTo("open failed on purpose");
            assertThat(pacer.sleeps).containsExactly(ms(500), ms(1000), ms(2000), ms(2000));

            source.reads.add(Step.FAIL); // after a good frame the next wait starts small again
            source.opens.add(Step.FRAME);
            source.reads.add(Step.FRAME);
            assertThat(nextChange().state()).isEqualTo(State.RECONNECTING);
            assertThat(nextChange().state()).isEqualTo(State.STREAMING);
            assertThat(pacer.sleeps).last().isEqualTo(ms(500));
            assertThat(loop.health().frames()).isEqualTo(2);
        }
    }

    @Test
    void retriesInTheSameStateAreReportedOnce() throws Exception {
        ScriptedSource source = new ScriptedSource();
        List<State> states = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            source.opens.add(Step.FAIL);
        }
        source.opens.add(Step.FRAME);
        source.reads.add(Step.FRAME);
        CaptureLoop loop = CaptureLoop.start(source, new LatestFrameSlot(), Backoff.DEFAULT, new FakePacer(),
                health -> {
                    states.add(health.state());
                    changes.add(health);
                });
        nextChange();
        nextChange();
        loop.close();

        assertThat(states).containsExactly(State.RECONNECTING, State.STREAMING, State.STOPPED);
    }

    @Test
    void finiteSourceEndsWithoutReconnecting() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.opens.add(Step.FRAME);
        source.reads.add(Step.FRAME);
        source.reads.add(Step.END);
        LatestFrameSlot slot = new LatestFrameSlot();

        try (CaptureLoop loop = CaptureLoop.start(source, slot, Backoff.DEFAULT, new FakePacer(), changes::add)) {
            assertThat(nextChange().state()).isEqualTo(State.STREAMING);
            assertThat(nextChange().state()).isEqualTo(State.ENDED);
            assertThat(loop.health().reconnects()).isZero();
            try (Frame last = slot.take(WAIT).orElseThrow()) {
                assertThat(last.sequence()).isEqualTo(1);
            }
        }
    }

    @Test
    void closeStopsTheThreadClosesTheSourceAndReleasesTheSlotFrame() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.opens.add(Step.FRAME);
        source.reads.add(Step.FRAME);
        LatestFrameSlot slot = new LatestFrameSlot();
        CaptureLoop loop = CaptureLoop.start(source, slot, Backoff.DEFAULT, new FakePacer(), changes::add);
        assertThat(nextChange().state()).isEqualTo(State.STREAMING);
        assertThat(CaptureThreads.alive()).contains("magpie-capture-scripted");

        loop.close(); // the thread is blocked in read(): close must interrupt it
        loop.close();

        assertThat(CaptureThreads.alive()).isEmpty();
        assertThat(source.closes.get()).isGreaterThanOrEqualTo(1);
        assertThat(slot.poll()).isEmpty();
        assertThat(loop.health().state()).isEqualTo(State.STOPPED);
        assertThat(nextChange().state()).isEqualTo(State.STOPPED);
        assertThat(changes).isEmpty(); // the second close reported nothing
    }

    @Test
    void aThrowingListenerDoesNotStopCapture() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.opens.add(Step.FRAME);
        source.reads.add(Step.FRAME);
        source.reads.add(Step.FRAME);
        LatestFrameSlot slot = new LatestFrameSlot();
        try (CaptureLoop loop = CaptureLoop.start(source, slot, Backoff.DEFAULT, new FakePacer(), health -> {
            throw new IllegalStateException("listener bug");
        })) {
            // The slot keeps only the newest frame, so frame 1 may already be replaced when we look: what matters
            // is that frame 2 arrives although the listener threw on the state change before it.
            long newest = 0;
            while (newest < 2) {
                Frame frame = slot.take(WAIT).orElseThrow();
                newest = frame.sequence();
                frame.close();
            }
            assertThat(newest).isEqualTo(2);
        }
    }

    @Test
    void aRecordedSourceIsReadOnlyAsFastAsFramesAreTaken() throws Exception {
        ScriptedSource source = new ScriptedSource();
        source.live = false;
        source.opens.add(Step.FRAME);
        for (int i = 0; i < 5; i++) {
            source.reads.add(Step.FRAME);
        }
        LatestFrameSlot slot = new LatestFrameSlot();
        try (CaptureLoop loop = CaptureLoop.start(source, slot, Backoff.DEFAULT, new FakePacer(), HealthListener.NONE)) {
            for (long expected = 1; expected <= 5; expected++) {
                Frame frame = slot.take(WAIT).orElseThrow();
                assertThat(frame.sequence()).isEqualTo(expected); // none skipped
                // While we hold it, the loop must not read ahead: at most one frame waits in the slot.
                assertThat(source.readsDone.get()).isLessThanOrEqualTo((int) expected + 1);
                frame.close();
            }
            assertThat(slot.dropped()).isZero();
        }
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
