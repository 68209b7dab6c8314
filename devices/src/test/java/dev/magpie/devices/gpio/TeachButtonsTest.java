package dev.magpie.devices.gpio;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeachButtonsTest {

    private static final int PIN_EMPTY = 5;
    private static final int PIN_FULL = 6;
    private static final Duration DEBOUNCE = Duration.ofMillis(30);

    private final MockBoard mock = new MockBoard();
    private final RecordingTeachListener presses = new RecordingTeachListener();


    @AfterEach
    void closeBoard() {
        mock.close();
    }

    private TeachButtons buttons(Optional<Duration> longPress) {
        TeachButtons buttons = new TeachButtons(mock.board, new TeachButtons.Config(
                List.of(new TeachButtons.Button(PIN_EMPTY, 0), new TeachButtons.Button(PIN_FULL, 1)),
                DEBOUNCE, longPress), presses);
        mock.set(PIN_EMPTY, HIGH);
        mock.set(PIN_FULL, HIGH);
        mock.scheduler.advance(DEBOUNCE);
        presses.list.clear();
        return buttons;
    }

    @Test
    void aPressCallsBackWithTheButtonsLabelIndex() {
        buttons(Optional.empty());

        mock.set(PIN_FULL, LOW);
        mock.scheduler.advance(DEBOUNCE);

        assertThat(presses.list).containsExactly("pressed 1");
    }

    @Test
    void contactBounceCountsAsOnePress() {
        buttons(Optional.empty());

        mock.set(PIN_EMPTY, LOW);
        mock.set(PIN_EMPTY, HIGH);
        mock.set(PIN_EMPTY, LOW);
        mock.scheduler.advanceMillis(5);
        mock.set(PIN_EMPTY, HIGH);
        mock.set(PIN_EMPTY, LOW);
        mock.scheduler.advance(DEBOUNCE);
        mock.set(PIN_EMPTY, HIGH);
        mock.scheduler.advance(DEBOUNCE);

        assertThat(presses.list).containsExactly("pressed 0");
    }

    @Test
    void twoButtonsReportTheirOwnLabels() {
        buttons(Optional.empty());

        mock.set(PIN_EMPTY, LOW);
        mock.scheduler.advance(DEBOUNCE);
        mock.set(PIN_EMPTY, HIGH);
        mock.set(PIN_FULL, LOW);
        mock.scheduler.advance(DEBOUNCE);

        assertThat(presses.list).containsExactly("pressed 0", "pressed 1");
    }

    @Test
    void withLongPressAShortPressIsReportedOnRelease() {
        buttons(Optional.of(Duration.ofSeconds(2)));

        mock.set(PIN_EMPTY, LOW);
        mock.scheduler.advance(DEBOUNCE);
        assertThat(presses.list).isEmpty();

        mock.set(PIN_EMPTY, HIGH);
        mock.scheduler.advance(DEBOUNCE);
        assertThat(presses.list).containsExactly("pressed 0");
    }

    @Test
    void aHeldButtonReportsALongPressOnceAndNothingOnRelease() {
        buttons(Optional.of(Duration.ofSeconds(2)));

        mock.set(PIN_FULL, LOW);
        mock.scheduler.advance(DEBOUNCE);
        mock.scheduler.advanceMillis(1999);
        assertThat(presses.list).isEmpty();

        mock.scheduler.advanceMillis(1);
        assertThat(presses.list).containsExactly("long 1");

        mock.scheduler.advanceMillis(10_000);
        mock.set(PIN_FULL, HIGH);
        mock.scheduler.advance(DEBOUNCE);
        assertThat(presses.list).containsExactly("long 1");
    }

    @Test
    void aButtonHeldAtStartIsNotAPress() {
        mock.board.close();
        MockBoard board = new MockBoard();
        try {
            // The mock pins start low: "held" for a pull-up button.
            new TeachButtons(board.board, new TeachButtons.Config(List.of(new TeachButtons.Button(PIN_EMPTY, 0)),
                    DEBOUNCE, Optional.of(Duration.ofSeconds(2))), presses);

            board.set(PIN_EMPTY, HIGH);
            board.scheduler.advanceMillis(5000);

            assertThat(presses.list).isEmpty();
        } finally {
            board.close();
        }
    }

    @Test
    void nothingIsReportedAfterClose() {
        TeachButtons buttons = buttons(Optional.of(Duration.ofSeconds(2)));
        mock.set(PIN_EMPTY, LOW);
        mock.scheduler.advance(DEBOUNCE);

        buttons.close();
        mock.scheduler.advanceMillis(5000);
        mock.set(PIN_EMPTY, HIGH);
        mock.set(PIN_FULL, LOW);
        mock.scheduler.advanceMillis(5000);

        assertThat(presses.list).isEmpty();
        assertThat(mock.scheduler.pendingTasks()).isZero();
    }

    @Test
    void aLabelIndexBoundTwiceIsRejected() {
        assertThatThrownBy(() -> TeachButtons.Config.of(
                List.of(new TeachButtons.Button(5, 0), new TeachButtons.Button(6, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label index 0 is bound to more than one button");
    }

    @Test
    void aLongPressNoLongerThanTheDebounceIsRejected() {
        assertThatThrownBy(() -> new TeachButtons.Config(List.of(new TeachButtons.Button(5, 0)),
                Duration.ofMillis(30), Optional.of(Duration.ofMillis(30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be longer than debounce");
    }

    static final class RecordingTeachListener implements TeachListener {
        final List<String> list = new CopyOnWriteArrayList<>();

        @Override
        public void pressed(int labelIndex) {
            list.add("pressed " + labelIndex);
        }

        @Override
        public void longPressed(int labelIndex) {
            list.add("long " + labelIndex);
        }
    }
}
