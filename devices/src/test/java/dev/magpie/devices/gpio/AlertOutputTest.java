package dev.magpie.devices.gpio;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertOutputTest {

    private static final int LED = 22;
    private static final int BUZZER = 23;

    private final MockBoard mock = new MockBoard();

    @AfterEach
    void closeBoard() {
        mock.close();
    }

    @Test
    void anOutputStartsOff() {
        AlertOutput led = new AlertOutput(mock.board, AlertOutput.Config.led(LED));

        assertThat(led.isOn()).isFalse();
        assertThat(mock.outputState(LED)).isEqualTo(LOW);
    }

    @Test
    void aSteadySignalTurnsOffAfterItsTotalTime() {
        AlertOutput led = new AlertOutput(mock.board, AlertOutput.Config.led(LED));

        led.signal(AlertPattern.steady(Duration.ofMillis(500)));
        assertThat(mock.outputState(LED)).isEqualTo(HIGH);
        mock.scheduler.advanceMillis(499);
        assertThat(led.isOn()).isTrue();

        mock.scheduler.advanceMillis(1);
        assertThat(led.isOn()).isFalse();
        assertThat(mock.scheduler.pendingTasks()).isZero();
    }

    @Test
    void aBlinkPatternTogglesAtItsOnAndOffTimesThenStopsOff() {
        AlertOutput led = new AlertOutput(mock.board, AlertOutput.Config.led(LED));

        led.signal(AlertPattern.blink(100, 200, 650));

        assertThat(levelsEvery10Millis(650)).containsExactly(
                // 0-100 on, 100-300 off, 300-400 on, 400-600 off, 600-650 on, then off
                run(HIGH, 10), run(LOW, 20), run(HIGH, 10), run(LOW, 20), run(HIGH, 5), List.of(LOW))
                .isNotNull();
        assertThat(led.isOn()).isFalse();
        assertThat(mock.scheduler.pendingTasks()).isZero();
    }

    @Test
    void aNewSignalReplacesThePlayingOne() {
        AlertOutput led = new AlertOutput(mock.board, AlertOutput.Config.led(LED));
        led.signal(AlertPattern.blink(100, 100, 10_000));
        mock.scheduler.advanceMillis(150);
        assertThat(led.isOn()).isFalse();

        led.signal(AlertPattern.steady(Duration.ofMillis(300)));
        mock.scheduler.advanceMillis(299);
        assertThat(led.isOn()).isTrue();

        mock.scheduler.advanceMillis(1);
        assertThat(led.isOn()).isFalse();
        mock.scheduler.advanceMillis(20_000);
        assertThat(led.isOn()).isFalse();
    }

    @Test
    void offStopsAPattern() {
        AlertOutput led = new AlertOutput(mock.board, AlertOutput.Config.led(LED));
        led.signal(AlertPattern.blink(100, 100, 10_000));

        led.off();
        mock.scheduler.advanceMillis(20_000);

        assertThat(led.isOn()).isFalse();
        assertThat(mock.scheduler.pendingTasks()).isZero();
    }

    @Test
    void aBuzzerTurnedOnTurnsItselfOffAfterItsMaximum() {
        AlertOutput buzzer = new AlertOutput(mock.board, AlertOutput.Config.buzzer(BUZZER));

        buzzer.on();
        mock.scheduler.advance(AlertOutput.Config.BUZZER_MAX_ON.minusMillis(1));
        assertThat(buzzer.isOn()).isTrue();

        mock.scheduler.advanceMillis(1);
        assertThat(buzzer.isOn()).isFalse();
    }

    @Test
    void aBuzzerPatternLongerThanTheMaximumIsCut() {
        AlertOutput buzzer = new AlertOutput(mock.board, AlertOutput.Config.buzzer(BUZZER));

        buzzer.signal(AlertPattern.steady(Duration.ofHours(1)));
        mock.scheduler.advance(AlertOutput.Config.BUZZER_MAX_ON);

        assertThat(buzzer.isOn()).isFalse();
    }

    @Test
    void aBuzzerIsOffAfterCloseAndStepsScheduledBeforeDoNothing() {
        AlertOutput buzzer = new AlertOutput(mock.board, AlertOutput.Config.buzzer(BUZZER));
        MockDigitalOutput pin = mock.output(BUZZER);
        buzzer.signal(AlertPattern.blink(100, 100, 10_000));
        mock.scheduler.advanceMillis(150);
        buzzer.signal(AlertPattern.blink(100, 100, 10_000));
        assertThat(pin.state()).isEqualTo(HIGH);

        buzzer.close();
        mock.scheduler.advanceMillis(20_000);
        buzzer.on();
        buzzer.signal(AlertPattern.steady(Duration.ofSeconds(1)));

        assertThat(pin.state()).isEqualTo(LOW);
        assertThat(buzzer.isOn()).isFalse();
    }

    @Test
    void closingTheBoardTurnsAPlayingBuzzerOff() {
        AlertOutput buzzer = new AlertOutput(mock.board, AlertOutput.Config.buzzer(BUZZER));
        MockDigitalOutput pin = mock.output(BUZZER);
        buzzer.on();

        mock.board.close();
        mock.scheduler.advanceMillis(60_000);

        assertThat(pin.state()).isEqualTo(LOW);
    }

    @Test
    void anActiveLowOutputIsDrivenHighWhenOff() {
        AlertOutput led = new AlertOutput(mock.board,
                new AlertOutput.Config(LED, AlertOutput.Kind.LED, false, Duration.ofMinutes(1)));
        assertThat(mock.outputState(LED)).isEqualTo(HIGH);

        led.on();
        assertThat(mock.outputState(LED)).isEqualTo(LOW);
        assertThat(led.isOn()).isTrue();

        led.close();
        assertThat(mock.outputState(LED)).isEqualTo(HIGH);
    }

    @Test
    void aPatternWithoutOnTimeIsRejected() {
        assertThatThrownBy(() -> AlertPattern.blink(0, 100, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on time must be > 0");
    }

    private List<List<DigitalState>> levelsEvery10Millis(long totalMillis) {
        List<DigitalState> levels = new ArrayList<>();
        for (long t = 0; t <= totalMillis; t += 10) {
            levels.add(mock.outputState(LED));
            mock.scheduler.advanceMillis(10);
        }
        return runs(levels);
    }

    private static List<DigitalState> run(DigitalState state, int samples) {
        return java.util.Collections.nCopies(samples, state);
    }

    private static List<List<DigitalState>> runs(List<DigitalState> levels) {
        List<List<DigitalState>> runs = new ArrayList<>();
        for (DigitalState level : levels) {
            if (runs.isEmpty() || runs.get(runs.size() - 1).get(0) != level) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(level);
        }
        return runs;
    }
}
