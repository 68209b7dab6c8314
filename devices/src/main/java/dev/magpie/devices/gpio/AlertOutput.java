package dev.magpie.devices.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LED or buzzer on one digital output, driven by alerts: {@link #signal(AlertPattern)} plays a pattern and then
 * turns the output off; a new signal replaces the one playing.
 *
 * <p>Safety: the pin is configured inactive at start and at Pi4J shutdown; {@link #close()} turns it off and, under
 * the same lock as every timed step, marks it closed, so no step scheduled before close can turn it back on. A
 * buzzer is never left on indefinitely: {@link #on()} and every pattern are capped at {@link Config#maxOn()}.
 */
public final class AlertOutput implements AutoCloseable {

    public enum Kind { LED, BUZZER }

    /**
     * @param bcmPin     BCM pin number, 0-27
     * @param kind       LED or BUZZER (names the pin's owner in errors and logs)
     * @param activeHigh true when driving the pin high turns the device on (a transistor or an LED to ground)
     * @param maxOn      the longest any signal or {@link #on()} may last; then the output turns itself off
     */
    public record Config(int bcmPin, Kind kind, boolean activeHigh, Duration maxOn) {
        public static final Duration LED_MAX_ON = Duration.ofHours(24);
        public static final Duration BUZZER_MAX_ON = Duration.ofSeconds(30);

        public Config {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(maxOn, "maxOn");
            if (maxOn.isNegative() || maxOn.isZero()) {
                throw new IllegalArgumentException(kind + " on BCM " + bcmPin + ": maxOn must be > 0: " + maxOn);
            }
        }

        public static Config led(int bcmPin) {
            return new Config(bcmPin, Kind.LED, true, LED_MAX_ON);
        }

        public static Config buzzer(int bcmPin) {
            return new Config(bcmPin, Kind.BUZZER, true, BUZZER_MAX_ON);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AlertOutput.class);

    private final Config config;
    private final DigitalOutput output;
    private final GpioScheduler scheduler;
    private final DigitalState activeState;
    private final DigitalState inactiveState;

    private final Object lock = new Object();
    /** Guarded by lock. */
    private boolean closed;
    /** Guarded by lock: the step of the pattern playing now, if any. */
    private GpioScheduler.Task nextStep;
    /** Guarded by lock: incremented by each signal, on(), off() and close(); a stale step does nothing. */
    private long generation;

    public AlertOutput(GpioBoard board, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = board.scheduler();
        this.activeState = config.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
        this.inactiveState = config.activeHigh() ? DigitalState.LOW : DigitalState.HIGH;
        this.output = board.output(config.bcmPin(), config.kind().name().toLowerCase(java.util.Locale.ROOT),
                inactiveState);
        board.register(this);
    }

    public Config config() {
        return config;
    }

    /** True while the device is on. */
    public boolean isOn() {
        synchronized (lock) {
            return !closed && output.state() == activeState;
        }
    }

    /** Plays {@code pattern} (capped at maxOn), replacing whatever is playing. Ignored after close. */
    public void signal(AlertPattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        AlertPattern capped = pattern.capped(config.maxOn());
        synchronized (lock) {
            if (closed) {
                return;
            }
            long myGeneration = restart();
            Duration end = capped.total();
            set(true);
            if (capped.steady()) {
                nextStep = scheduler.schedule(end, () -> step(myGeneration, false, end, end, capped));
            } else {
                Duration firstOn = min(capped.on(), end);
                nextStep = scheduler.schedule(firstOn, () -> step(myGeneration, false, firstOn, end, capped));
            }
        }
    }

    /** Turns the device on until {@link #off()}, a new signal, or maxOn has passed. */
    public void on() {
        signal(AlertPattern.steady(config.maxOn()));
    }

    /** Turns the device off and stops any pattern. */
    public void off() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            restart();
            set(false);
        }
    }

    /** Turns the device off for good; later calls do nothing. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            restart();
            closed = true;
            try {
                output.state(inactiveState);
            } catch (RuntimeException e) {
                LOG.error("Could not turn off {} on BCM pin {}", config.kind(), config.bcmPin(), e);
            }
        }
    }

    /**
     * One transition of a pattern: {@code elapsed} is where the pattern stands; {@code level} is what to set now.
     * Runs on the scheduler thread.
     */
    private void step(long expectedGeneration, boolean level, Duration elapsed, Duration end, AlertPattern pattern) {
        synchronized (lock) {
            if (closed || generation != expectedGeneration) {
                return;
            }
            nextStep = null;
            if (elapsed.compareTo(end) >= 0) {
                set(false);
                return;
            }
            set(level);
            Duration phase = min(level ? pattern.on() : pattern.off(), end.minus(elapsed));
            Duration next = elapsed.plus(phase);
            nextStep = scheduler.schedule(phase, () -> step(expectedGeneration, !level, next, end, pattern));
        }
    }

    /** Cancels the playing pattern; call with lock held. */
    private long restart() {
        if (nextStep != null) {
            nextStep.cancel();
            nextStep = null;
        }
        return ++generation;
    }

    private void set(boolean on) {
        output.state(on ? activeState : inactiveState);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "AlertOutput[" + config.kind() + ", BCM " + config.bcmPin() + "]";
    }
}
