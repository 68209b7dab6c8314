package dev.magpie.devices.gpio;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PirSensorTest {

    private static final int PIN = 17;

    private final MockBoard mock = new MockBoard();
    private final RecordingMotionListener events = new RecordingMotionListener();

    @AfterEach
    void closeBoard() {
        mock.close();
    }

    @Test
    void motionIsReportedOnceThePinHoldsHighForTheDebounceTime() {
        PirSensor pir = new PirSensor(mock.board, PirSensor.Config.of(PIN), events);

        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(49);
        assertThat(events.list).isEmpty();
        assertThat(pir.motionActive()).isFalse();

        mock.scheduler.advanceMillis(1);
        assertThat(events.list).containsExactly("start");
        assertThat(pir.motionActive()).isTrue();
    }

    @Test
    void motionStopsWhenThePinSettlesLow() {
        PirSensor pir = new PirSensor(mock.board, PirSensor.Config.of(PIN), events);
        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(50);

        mock.set(PIN, LOW);
        mock.scheduler.advanceMillis(50);

        assertThat(events.list).containsExactly("start", "stop");
        assertThat(pir.motionActive()).isFalse();
    }

    @Test
    void aGlitchShorterThanTheDebounceTimeIsIgnored() {
        new PirSensor(mock.board, PirSensor.Config.of(PIN), events);

        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(20);
        mock.set(PIN, LOW);
        mock.scheduler.advanceMillis(20);
        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(20);
        mock.set(PIN, LOW);
        mock.scheduler.advanceMillis(500);

        assertThat(events.list).isEmpty();
    }

    @Test
    void eachEdgeRestartsTheDebounceWait() {
        new PirSensor(mock.board, PirSensor.Config.of(PIN), events);

        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(40);
        mock.set(PIN, LOW);
        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(40);
        assertThat(events.list).isEmpty();

        mock.scheduler.advanceMillis(10);
        assertThat(events.list).containsExactly("start");
    }

    @Test
    void zeroDebounceReportsEveryEdgeAtOnce() {
        new PirSensor(mock.board, new PirSensor.Config(PIN, true, Duration.ZERO), events);

        mock.set(PIN, HIGH);
        mock.set(PIN, LOW);

        assertThat(events.list).containsExactly("start", "stop");
        assertThat(mock.scheduler.pendingTasks()).isZero();
    }

    @Test
    void anActiveLowSensorReportsMotionOnLow() {
        mock.board.close();
        MockBoard board = new MockBoard();
        try {
            PirSensor pir = new PirSensor(board.board, new PirSensor.Config(PIN, false, Duration.ZERO), events);
            // The mock pin starts low, which is "motion" for an active-low sensor: reported at once.
            assertThat(events.list).containsExactly("start");

            board.set(PIN, HIGH);

            assertThat(events.list).containsExactly("start", "stop");
            assertThat(pir.motionActive()).isFalse();
        } finally {
            board.close();
        }
    }

    @Test
    void nothingIsReportedAfterClose() {
        PirSensor pir = new PirSensor(mock.board, PirSensor.Config.of(PIN), events);
        mock.set(PIN, HIGH);

        pir.close();
        mock.scheduler.advanceMillis(100);
        mock.set(PIN, LOW);
        mock.set(PIN, HIGH);
        mock.scheduler.advanceMillis(100);

        assertThat(events.list).isEmpty();
        assertThat(pir.motionActive()).isFalse();
    }

    @Test
    void aFailingListenerDoesNotStopLaterEvents() {
        RecordingMotionListener failing = new RecordingMotionListener() {
            @Override
            public void motionStarted() {
                super.motionStarted();
                throw new IllegalStateException("listener bug");
            }
        };
        new PirSensor(mock.board, new PirSensor.Config(PIN, true, Duration.ZERO), failing);

        mock.set(PIN, HIGH);
        mock.set(PIN, LOW);

        assertThat(failing.list).containsExactly("start", "stop");
    }

    static class RecordingMotionListener implements MotionListener {
        final List<String> list = new CopyOnWriteArrayList<>();

        @Override
        public void motionStarted() {
            list.add("start");
        }

        @Override
        public void motionStopped() {
            list.add("stop");
        }
    }
}
