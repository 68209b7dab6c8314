package dev.magpie.devices.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push buttons that label what the camera sees: each is bound to a label index, and a press calls
 * {@link TeachListener#pressed(int)} with it.
 *
 * <p>Buttons are wired from the pin to ground and read with the internal pull-up (pressed = low), the usual
 * two-wire hookup. Without a long-press time a press is reported as soon as the pin settles low. With one, the press
 * is reported on release if shorter, or as {@link TeachListener#longPressed(int)} the moment it reaches that time
 * (the release then reports nothing).
 */
public final class TeachButtons implements AutoCloseable {

    /** One button: its BCM pin and the label index it teaches. */
    public record Button(int bcmPin, int labelIndex) {
        public Button {
            if (labelIndex < 0) {
                throw new IllegalArgumentException("label index must be >= 0: " + labelIndex);
            }
        }
    }

    /**
     * @param buttons   at least one; pins and label indexes each unique
     * @param debounce  how long a level must hold before it counts (contacts bounce for 1-20 ms)
     * @param longPress empty: no long press
     */
    public record Config(List<Button> buttons, Duration debounce, Optional<Duration> longPress) {
        public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(30);

        public Config {
            buttons = List.copyOf(buttons);
            Objects.requireNonNull(debounce, "debounce");
            Objects.requireNonNull(longPress, "longPress");
            if (buttons.isEmpty()) {
                throw new IllegalArgumentException("teach buttons: at least one button is needed");
            }
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("teach buttons: debounce must not be negative: " + debounce);
            }
            longPress.ifPresent(time -> {
                if (time.compareTo(debounce) <= 0) {
                    throw new IllegalArgumentException("teach buttons: long press (" + time
                            + ") must be longer than debounce (" + debounce + ")");
                }
            });
            Set<Integer> labels = new HashSet<>();
            for (Button button : buttons) {
                if (!labels.add(button.labelIndex())) {
                    throw new IllegalArgumentException("teach buttons: label index " + button.labelIndex()
                            + " is bound to more than one button");
                }
            }
        }

        public static Config of(List<Button> buttons) {
            return new Config(buttons, DEFAULT_DEBOUNCE, Optional.empty());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TeachButtons.class);

    private final Config config;
    private final TeachListener listener;
    private final GpioScheduler scheduler;
    private final List<BoundButton> bound = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public TeachButtons(GpioBoard board, Config config, TeachListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.scheduler = board.scheduler();
        for (Button button : config.buttons()) {
            DigitalInput input = board.input(button.bcmPin(), "teach-button-" + button.labelIndex(),
                    PullResistance.PULL_UP);
            bound.add(new BoundButton(button.labelIndex(), input));
        }
        board.register(this);
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        bound.forEach(BoundButton::close);
    }

    @Override
    public String toString() {
        return "TeachButtons" + config.buttons();
    }

    /** One pin: debounces it and turns settled levels into presses. */
    private final class BoundButton {
        private final int labelIndex;
        private final DigitalInput input;
        private final DigitalStateChangeListener pinListener;
        private final PinDebouncer debouncer;
        private final Object lock = new Object();
        /** Guarded by lock. */
        private GpioScheduler.Task longPressTask;
        /** Guarded by lock; true from a settled press to its release. */
        private boolean pressInProgress;
        /** Guarded by lock; true once this press was reported as long, so its release reports nothing. */
        private boolean longPressFired;

        BoundButton(int labelIndex, DigitalInput input) {
            this.labelIndex = labelIndex;
            this.input = input;
            // A button held at start-up is not a press: only a settled press after a release counts.
            this.debouncer = new PinDebouncer(isDown(input.state()), config.debounce(), scheduler, this::settled);
            this.pinListener = event -> debouncer.edge(isDown(event.state()));
            input.addListener(pinListener);
        }

        private boolean isDown(DigitalState state) {
            return state == DigitalState.LOW;
        }

        private void settled(boolean down) {
            if (closed.get()) {
                return;
            }
            if (config.longPress().isEmpty()) {
                if (down) {
                    notify(false);
                }
                return;
            }
            boolean shortPress = false;
            synchronized (lock) {
                if (down) {
                    pressInProgress = true;
                    longPressFired = false;
                    longPressTask = scheduler.schedule(config.longPress().get(), this::longPressReached);
                } else {
                    if (longPressTask != null) {
                        longPressTask.cancel();
                        longPressTask = null;
                    }
                    shortPress = pressInProgress && !longPressFired;
                    pressInProgress = false;
                }
            }
            if (shortPress) {
                notify(false);
            }
        }

        private void longPressReached() {
            synchronized (lock) {
                if (longPressTask == null) {
                    return;
                }
                longPressTask = null;
                longPressFired = true;
            }
            notify(true);
        }

        private void notify(boolean longPress) {
            if (closed.get()) {
                return;
            }
            try {
                if (longPress) {
                    listener.longPressed(labelIndex);
                } else {
                    listener.pressed(labelIndex);
                }
            } catch (RuntimeException e) {
                LOG.warn("Teach listener failed for label index {}", labelIndex, e);
            }
        }

        void close() {
            debouncer.cancel();
            synchronized (lock) {
                if (longPressTask != null) {
                    longPressTask.cancel();
                    longPressTask = null;
                }
            }
            input.removeListener(pinListener);
        }
    }
}
