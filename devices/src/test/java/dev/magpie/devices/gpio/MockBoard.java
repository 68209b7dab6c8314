package dev.magpie.devices.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/**
 * A {@link GpioBoard} on Pi4J's mock platform with a {@link ManualScheduler}, one per test (as Pi4J's catalog
 * ComponentTest builds one context per test). Close it after the test.
 */
final class MockBoard implements AutoCloseable {

    final Context context = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();
    final ManualScheduler scheduler = new ManualScheduler();
    final GpioBoard board = new GpioBoard(context, scheduler);

    MockDigitalInput input(int bcmPin) {
        return context.registry().get("magpie-bcm-" + bcmPin, MockDigitalInput.class);
    }

    MockDigitalOutput output(int bcmPin) {
        return context.registry().get("magpie-bcm-" + bcmPin, MockDigitalOutput.class);
    }

    void set(int bcmPin, DigitalState state) {
        input(bcmPin).mockState(state);
    }

    DigitalState outputState(int bcmPin) {
        return output(bcmPin).state();
    }

    @Override
    public void close() {
        board.close();
    }
}
