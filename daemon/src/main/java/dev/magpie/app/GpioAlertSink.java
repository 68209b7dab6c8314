package dev.magpie.app;

import dev.magpie.config.GpioConfig;
import dev.magpie.devices.gpio.AlertOutput;
import dev.magpie.devices.gpio.AlertPattern;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * LEDs and buzzers that follow alerts: an output is on while at least one incident it watches is open (a START of
 * its zone and label, not yet ENDed), and off once the last one ends. Each output's pattern is capped by
 * {@link AlertOutput} ({@link AlertOutput.Config#BUZZER_MAX_ON} for a buzzer), so a buzzer stops on its own even if
 * the incident stays open. Quick and non-blocking: safe on the pipeline threads.
 */
final class GpioAlertSink implements AlertSink {

    private final List<Watched> outputs = new ArrayList<>();

    GpioAlertSink(List<GpioConfig.OutputConfig> configs, List<AlertOutput> devices) {
        for (int i = 0; i < configs.size(); i++) {
            outputs.add(new Watched(configs.get(i), devices.get(i)));
        }
    }

    @Override
    public void stateChanged(ZoneState state) {
        // outputs follow incidents (events), not the zone's every state
    }

    @Override
    public void event(ZoneEvent event, byte[] snapshotJpeg) {
        for (Watched output : outputs) {
            output.follow(event);
        }
    }

    private static final class Watched {
        private final GpioConfig.OutputConfig config;
        private final AlertOutput device;
        private final Set<String> open = new HashSet<>(); // guarded by this

        Watched(GpioConfig.OutputConfig config, AlertOutput device) {
            this.config = config;
            this.device = device;
        }

        synchronized void follow(ZoneEvent event) {
            if (config.zone() != null && !config.zone().equals(event.zone())
                    || config.label() != null && !config.label().equals(event.label())) {
                return;
            }
            String incident = event.zone() + "\u0000" + event.label();
            if (event.type() == ZoneEvent.Type.START) {
                if (open.add(incident) && open.size() == 1) {
                    device.signal(pattern());
                }
            } else if (open.remove(incident) && open.isEmpty()) {
                device.off();
            }
        }

        private AlertPattern pattern() {
            Duration max = device.config().maxOn();
            return config.blinkMs() > 0 ? AlertPattern.blink(config.blinkMs(), config.blinkMs(), max.toMillis())
                    : AlertPattern.steady(max);
        }
    }
}
