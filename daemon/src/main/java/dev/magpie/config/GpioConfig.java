package dev.magpie.config;

import java.util.List;

/**
 * Pins on a Raspberry Pi's header (BCM numbers). Each pin may be used once across pir, buttons and outputs.
 *
 * @param pir a PIR motion sensor, or null for none
 * @param buttons teach buttons: a press labels the current crop of a zone
 * @param outputs LEDs and buzzers driven by alerts
 */
public record GpioConfig(PirConfig pir, List<ButtonConfig> buttons, List<OutputConfig> outputs) {

    /** How a PIR sensor's signal is used. */
    public enum PirMode {
        /** Motion on the PIR classifies at once, besides the camera's own motion gate. */
        TRIGGER,
        /** Frames are classified only while the PIR reports motion (saves CPU on a mostly empty scene). */
        GATE
    }

    /** What an output drives. */
    public enum OutputKind { LED, BUZZER }

    public GpioConfig {
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    public static GpioConfig defaults() {
        return new GpioConfig(null, null, null);
    }

    static void checkPin(Integer pin) {
        if (pin == null) {
            throw new InvalidValueException("pin", null, "required: the BCM pin number, 0-27");
        }
        if (pin < 0 || pin > 27) {
            throw new InvalidValueException("pin", pin, "must be a BCM pin number between 0 and 27 (GPIO17 is 17, not header pin 11)");
        }
    }

    /**
     * A PIR sensor.
     *
     * @param pin required: BCM pin 0-27
     * @param mode {@code gate} (classify only while it reports motion) or {@code trigger} (classify at once on
     *             motion). Default gate
     */
    public record PirConfig(Integer pin, PirMode mode) {
        public PirConfig {
            checkPin(pin);
            mode = mode == null ? PirMode.GATE : mode;
        }
    }

    /**
     * A teach button.
     *
     * @param pin required: BCM pin 0-27, wired to ground (the internal pull-up is used)
     * @param label required: the label a press gives the current crop
     * @param zone the zone whose crop is labelled; may be left out when exactly one zone is configured
     */
    public record ButtonConfig(Integer pin, String label, String zone) {
        public ButtonConfig {
            checkPin(pin);
            Names.checkLabel("label", label);
        }
    }

    /**
     * An LED or buzzer, on while an alert is active.
     *
     * @param pin required: BCM pin 0-27
     * @param kind {@code led} or {@code buzzer}. Default led
     * @param zone only alerts of this zone. Default: any zone
     * @param label only alerts of this label. Default: any label
     * @param blinkMs blink with this half-period in milliseconds, 0-10000; 0 steady. Default 0
     */
    public record OutputConfig(Integer pin, OutputKind kind, String zone, String label, Integer blinkMs) {
        public OutputConfig {
            checkPin(pin);
            kind = kind == null ? OutputKind.LED : kind;
            if (label != null) {
                Names.checkLabel("label", label);
            }
            blinkMs = blinkMs == null ? 0 : blinkMs;
            Names.checkRange("blink_ms", blinkMs, 0, 10_000);
        }
    }
}
