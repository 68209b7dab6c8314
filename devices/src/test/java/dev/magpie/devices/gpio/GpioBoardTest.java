package dev.magpie.devices.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioBoardTest {

    private final MockBoard mock = new MockBoard();

    @AfterEach
    void closeBoard() {
        mock.close();
    }

    @Test
    void openingOnAMachineWithoutGpioFailsWithAClearMessage(@TempDir Path dev) {
        assertThatThrownBy(() -> GpioBoard.open(dev))
                .isInstanceOf(GpioUnavailableException.class)
                .hasMessageContaining("GPIO is configured (the gpio: section) but this machine has no GPIO")
                .hasMessageContaining("gpiochip*")
                .hasMessageContaining("Remove the gpio section");
    }

    @Test
    void aPinCanBeClaimedOnlyOnce() {
        new PirSensor(mock.board, PirSensor.Config.of(17), new PirSensorTest.RecordingMotionListener());

        assertThatThrownBy(() -> new AlertOutput(mock.board, AlertOutput.Config.buzzer(17)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buzzer: BCM pin 17 is already used by pir");
    }

    @Test
    void aPinOffTheHeaderIsRejected() {
        assertThatThrownBy(() -> new AlertOutput(mock.board, AlertOutput.Config.led(28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BCM pin 28 is not on the 40-pin header (0-27)");
    }

    @Test
    void claimedPinsNameTheirOwners() {
        new PirSensor(mock.board, PirSensor.Config.of(17), new PirSensorTest.RecordingMotionListener());
        new TeachButtons(mock.board, TeachButtons.Config.of(List.of(new TeachButtons.Button(5, 0))),
                new TeachButtonsTest.RecordingTeachListener());

        assertThat(mock.board.claimedPins()).isEqualTo(Map.of(17, "pir", 5, "teach-button-0"));
    }

    @Test
    void closeShutsTheContextDownAndIsIdempotent() {
        new AlertOutput(mock.board, AlertOutput.Config.led(22));

        mock.board.close();
        mock.board.close();

        assertThat(mock.context.isShutdown()).isTrue();
        assertThatThrownBy(() -> new AlertOutput(mock.board, AlertOutput.Config.led(23)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("GPIO board is closed");
    }

    @Test
    void aBoardDoesNotCloseASchedulerItWasGiven() {
        mock.board.close();

        assertThat(mock.scheduler.isClosed()).isFalse();
    }

    @Test
    void mockProvidersAreUsedWhenTheGpiodPluginIsAbsent() {
        assertThat(mock.context.providers().exists(GpioBoard.GPIOD_INPUT)).isFalse();
        new AlertOutput(mock.board, AlertOutput.Config.led(22));

        assertThat(mock.output(22)).isNotNull();
    }
}
