package dev.magpie.devices.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO header: owns the one Pi4J {@link Context}, the timer thread the components share, and the pins they claim.
 *
 * <p>Pins are BCM numbers (GPIO17 is 17, on header pin 11), 0-27. On a board, {@link #open()} builds Pi4J's auto
 * context and pins go through the gpiod provider ({@code /dev/gpiochip*}; Pi 4 and Pi 5 alike, Pi4J picks the chip
 * labelled {@code pinctrl-*}). The Raspberry Pi plugin's own digital providers only keep state in memory, so they
 * are never used for I/O. Tests pass a mock-platform context to {@link #GpioBoard(Context, GpioScheduler)}.
 *
 * <p>{@link #close()} closes the components made on this board in reverse order (an {@link AlertOutput} goes
 * inactive first), then shuts the context down, then stops the timer thread. It is idempotent.
 */
public final class GpioBoard implements AutoCloseable {

    /** Pi4J provider ids of the gpiod plugin: real I/O on Raspberry Pi 4 and 5. */
    static final String GPIOD_INPUT = "gpiod-digital-input";
    static final String GPIOD_OUTPUT = "gpiod-digital-output";
    static final int MAX_BCM_PIN = 27;

    private static final Logger LOG = LoggerFactory.getLogger(GpioBoard.class);

    private final Context context;
    private final GpioScheduler scheduler;
    private final boolean ownsScheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** BCM pin to the name of what claimed it. Guarded by this. */
    private final Map<Integer, String> claimedPins = new LinkedHashMap<>();
    /** Components in creation order. Guarded by this. */
    private final Deque<AutoCloseable> components = new ArrayDeque<>();

    /**
     * Opens the board this process runs on with Pi4J's auto context.
     *
     * @throws GpioUnavailableException when this machine has no GPIO character device ({@code /dev/gpiochip*}) or
     *         Pi4J finds no gpiod provider: Pi4J would otherwise fall back to providers that only keep pin states in
     *         memory, and a configured PIR or LED would silently do nothing
     */
    public static GpioBoard open() throws GpioUnavailableException {
        return open(Path.of("/dev"));
    }

    static GpioBoard open(Path devDir) throws GpioUnavailableException {
        if (gpioChips(devDir).isEmpty()) {
            throw new GpioUnavailableException("GPIO is configured (the gpio: section) but this machine has no GPIO: no "
                    + devDir.resolve("gpiochip*") + " (" + System.getProperty("os.arch") + "). Remove the gpio section, or"
                    + " run on a Raspberry Pi; in a container pass the device through (--device /dev/gpiochip0)");
        }
        Context context = Pi4J.newAutoContext();
        if (!context.providers().exists(GPIOD_INPUT) || !context.providers().exists(GPIOD_OUTPUT)) {
            context.shutdown();
            throw new GpioUnavailableException("GPIO is configured but Pi4J found no gpiod provider for "
                    + gpioChips(devDir) + "; is pi4j-plugin-gpiod on the class path and libgpiod usable on this board?");
        }
        return new GpioBoard(context, GpioScheduler.newThread("magpie-gpio"), true);
    }

    /** The GPIO character devices under {@code devDir}, sorted; empty on a machine without GPIO. */
    static List<Path> gpioChips(Path devDir) {
        try (Stream<Path> entries = Files.list(devDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("gpiochip")).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A board over a context built elsewhere (a mock platform in tests); {@link #close()} shuts it down. */
    public GpioBoard(Context context, GpioScheduler scheduler) {
        this(context, scheduler, false);
    }

    private GpioBoard(Context context, GpioScheduler scheduler, boolean ownsScheduler) {
        this.context = Objects.requireNonNull(context, "context");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
    }

    GpioScheduler scheduler() {
        return scheduler;
    }

    /** The pins claimed so far, BCM number to owner, in claim order. */
    public synchronized Map<Integer, String> claimedPins() {
        return Map.copyOf(claimedPins);
    }

    DigitalInput input(int bcmPin, String owner, PullResistance pull) {
        claim(bcmPin, owner);
        DigitalInputConfigBuilder config = DigitalInput.newConfigBuilder(context)
                .id(pinId(bcmPin))
                .name(owner)
                .address(bcmPin)
                .pull(pull);
        if (context.providers().exists(GPIOD_INPUT)) {
            config.provider(GPIOD_INPUT);
        }
        return context.create(config);
    }

    DigitalOutput output(int bcmPin, String owner, DigitalState inactive) {
        claim(bcmPin, owner);
        DigitalOutputConfigBuilder config = DigitalOutput.newConfigBuilder(context)
                .id(pinId(bcmPin))
                .name(owner)
                .address(bcmPin)
                .initial(inactive)
                .shutdown(inactive);
        if (context.providers().exists(GPIOD_OUTPUT)) {
            config.provider(GPIOD_OUTPUT);
        }
        return context.create(config);
    }

    synchronized void register(AutoCloseable component) {
        checkOpen();
        components.push(component);
    }

    private synchronized void claim(int bcmPin, String owner) {
        checkOpen();
        if (bcmPin < 0 || bcmPin > MAX_BCM_PIN) {
            throw new IllegalArgumentException(owner + ": BCM pin " + bcmPin + " is not on the 40-pin header (0-"
                    + MAX_BCM_PIN + ")");
        }
        String holder = claimedPins.putIfAbsent(bcmPin, owner);
        if (holder != null) {
            throw new IllegalArgumentException(owner + ": BCM pin " + bcmPin + " is already used by " + holder);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("GPIO board is closed");
        }
    }

    private static String pinId(int bcmPin) {
        return "magpie-bcm-" + bcmPin;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        Deque<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayDeque<>(components);
            components.clear();
        }
        for (AutoCloseable component : toClose) {
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed", component, e);
            }
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Pi4J context shutdown failed", e);
        } finally {
            if (ownsScheduler) {
                scheduler.close();
            }
        }
    }
}
