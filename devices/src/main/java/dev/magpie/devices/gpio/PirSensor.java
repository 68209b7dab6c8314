package dev.magpie.devices.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A passive-infrared motion sensor (HC-SR501 and alike) on one digital input.
 *
 * <p>As a <em>trigger</em>, the {@link MotionListener} hears each debounced start and stop. As a <em>gate</em>,
 * {@link #motionActive()} tells a frame loop whether to classify at all. The pin must hold a level for
 * {@code debounce} before it counts; the module's own hold time (its potentiometer) decides how long motion lasts.
 */
public final class PirSensor implements AutoCloseable {

    /**
     * @param bcmPin     BCM pin number, 0-27
     * @param activeHigh true for modules that drive the line high on motion (almost all)
     * @param debounce   how long a level must hold before it counts; 0 reports every edge
     */
    public record Config(int bcmPin, boolean activeHigh, Duration debounce) {
        public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

        public Config {
            Objects.requireNonNull(debounce, "debounce");
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("PIR debounce must not be negative: " + debounce);
            }
        }

        public static Config of(int bcmPin) {
            return new Config(bcmPin, true, DEFAULT_DEBOUNCE);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PirSensor.class);

    private final Config config;
    private final DigitalInput input;
    private final DigitalStateChangeListener pinListener;
    private final PinDebouncer debouncer;
    private final MotionListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    public PirSensor(GpioBoard board, Config config, MotionListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        // Pull towards idle, so an unplugged sensor reads "no motion" rather than floating.
        PullResistance pull = config.activeHigh() ? PullResistance.PULL_DOWN : PullResistance.PULL_UP;
        this.input = board.input(config.bcmPin(), "pir", pull);
        boolean initiallyActive = isActive(input.state());
        this.debouncer = new PinDebouncer(initiallyActive, config.debounce(), board.scheduler(), this::settled);
        this.pinListener = event -> debouncer.edge(isActive(event.state()));
        input.addListener(pinListener);
        board.register(this);
        if (initiallyActive) {
            // A sensor that is already seeing motion at start-up reports it, so starts and stops stay paired.
            listener.motionStarted();
        }
    }

    /** The debounced level: true while the sensor reports motion. */
    public boolean motionActive() {
        return !closed.get() && debouncer.stableLevel();
    }

    public Config config() {
        return config;
    }

    private boolean isActive(DigitalState state) {
        return state == (config.activeHigh() ? DigitalState.HIGH : DigitalState.LOW);
    }

    private void settled(boolean active) {
        if (closed.get()) {
            return;
        }
        try {
            if (active) {
                listener.motionStarted();
            } else {
                listener.motionStopped();
            }
        } catch (RuntimeException e) {
            LOG.warn("Motion listener failed on BCM pin {}", config.bcmPin(), e);
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        debouncer.cancel();
        input.removeListener(pinListener);
    }

    @Override
    public String toString() {
        return "PirSensor[BCM " + config.bcmPin() + "]";
    }
}
