package dev.magpie.app;

import dev.magpie.config.GpioConfig;
import dev.magpie.devices.gpio.AlertOutput;
import dev.magpie.devices.gpio.GpioBoard;
import dev.magpie.devices.gpio.MotionListener;
import dev.magpie.devices.gpio.PirSensor;
import dev.magpie.devices.gpio.TeachButtons;
import dev.magpie.devices.gpio.TeachListener;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.MotionGate;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Magpie on the GPIO header, built from the {@code gpio:} section: a PIR that gates or triggers classification, teach
 * buttons that capture a zone's crop under a label, and LEDs or buzzers that follow alerts. It owns the
 * {@link GpioBoard}; closing it turns every output off and releases the pins.
 *
 * <p>Built only when the section configures something, so a PC or CI without GPIO never opens a board; on such a
 * machine a configured section fails at start with {@link dev.magpie.devices.gpio.GpioUnavailableException}.
 */
public final class GpioChannel implements AutoCloseable {

    /** How long a PIR trigger lets frames through after motion starts. */
    public static final Duration TRIGGER_BURST = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(GpioChannel.class);

    /** Opens the board; {@link GpioBoard#open()} on a device, a mock-platform board in tests. */
    @FunctionalInterface
    public interface BoardOpener {
        GpioBoard open() throws IOException;
    }

    private final GpioBoard board;
    private final Clock clock;
    private final GpioConfig.PirMode pirMode;
    private final Optional<PirSensor> pir;
    private final GpioAlertSink outputs;
    private final ExecutorService teachWork;
    private volatile Instant burstUntil = Instant.MIN;

    private GpioChannel(GpioConfig config, List<String> zones, GpioBoard board, Supplier<DaemonCommands> commands, Clock clock) {
        this.board = board;
        this.clock = clock;
        this.pirMode = config.pir() == null ? null : config.pir().mode();
        this.pir = config.pir() == null ? Optional.empty()
                : Optional.of(new PirSensor(board, PirSensor.Config.of(config.pir().pin()), new BurstOnMotion()));
        List<AlertOutput> devices = new ArrayList<>();
        for (GpioConfig.OutputConfig output : config.outputs()) {
            devices.add(new AlertOutput(board, output.kind() == GpioConfig.OutputKind.BUZZER
                    ? AlertOutput.Config.buzzer(output.pin()) : AlertOutput.Config.led(output.pin())));
        }
        this.outputs = new GpioAlertSink(config.outputs(), devices);
        this.teachWork = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "magpie-gpio-teach");
            thread.setDaemon(true);
            return thread;
        });
        if (!config.buttons().isEmpty()) {
            List<TeachButtons.Button> buttons = new ArrayList<>();
            for (int i = 0; i < config.buttons().size(); i++) {
                buttons.add(new TeachButtons.Button(config.buttons().get(i).pin(), i));
            }
            new TeachButtons(board, TeachButtons.Config.of(buttons), new CaptureOnPress(config.buttons(), zones, commands));
        }
    }

    /** Whether the section configures anything at all; only then is a board opened. */
    public static boolean configured(GpioConfig gpio) {
        return gpio.pir() != null || !gpio.buttons().isEmpty() || !gpio.outputs().isEmpty();
    }

    /**
     * Opens the board and claims the configured pins.
     *
     * @param zones the configured zone names (a button without a zone teaches the only one)
     * @param commands the running daemon's commands, asked at each press (the daemon is built after its GPIO)
     */
    public static GpioChannel open(GpioConfig config, List<String> zones, BoardOpener opener, Supplier<DaemonCommands> commands,
                                   Clock clock) throws IOException {
        GpioBoard board = opener.open();
        try {
            return new GpioChannel(config, zones, board, commands, clock);
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /**
     * The gate a camera's frames pass: with a PIR in {@code gate} mode, the camera's own gate and only while the PIR
     * sees motion; in {@code trigger} mode, the camera's gate or a burst of {@link #TRIGGER_BURST} after motion
     * starts; without a PIR, the camera's gate unchanged.
     */
    public MotionGate gate(MotionGate cameraGate) {
        if (pir.isEmpty()) {
            return cameraGate;
        }
        PirSensor sensor = pir.get();
        return pirMode == GpioConfig.PirMode.GATE
                ? ((MotionGate) (bgr, capturedAt) -> sensor.motionActive()).and(cameraGate)
                : cameraGate.or((bgr, capturedAt) -> clock.instant().isBefore(burstUntil));
    }

    /** Drives the outputs from alerts. */
    public AlertSink sink() {
        return outputs;
    }

    /** Turns outputs off, releases the pins, then lets a capture in progress finish (up to 5 s). */
    @Override
    public void close() {
        board.close();
        teachWork.shutdown();
        try {
            if (!teachWork.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("A teach-button capture did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class BurstOnMotion implements MotionListener {
        @Override
        public void motionStarted() {
            if (pirMode == GpioConfig.PirMode.TRIGGER) {
                burstUntil = clock.instant().plus(TRIGGER_BURST);
            }
            log.debug("PIR: motion started");
        }

        @Override
        public void motionStopped() {
            log.debug("PIR: motion stopped");
        }
    }

    /** A press stores the zone's current crop under the button's label, off the GPIO timer thread. */
    private final class CaptureOnPress implements TeachListener {
        private final List<GpioConfig.ButtonConfig> buttons;
        private final List<String> zones;
        private final Supplier<DaemonCommands> commands;

        CaptureOnPress(List<GpioConfig.ButtonConfig> buttons, List<String> zones, Supplier<DaemonCommands> commands) {
            this.buttons = List.copyOf(buttons);
            this.zones = List.copyOf(zones);
            this.commands = commands;
        }

        @Override
        public void pressed(int labelIndex) {
            GpioConfig.ButtonConfig button = buttons.get(labelIndex);
            String zone = button.zone() != null ? button.zone() : zones.size() == 1 ? zones.get(0) : null;
            try {
                teachWork.execute(() -> capture(zone, button.label(), button.pin()));
            } catch (RejectedExecutionException e) {
                log.debug("Teach button on BCM {} pressed while stopping; ignored", button.pin());
            }
        }

        private void capture(String zone, String label, int pin) {
            DaemonCommands running = commands.get();
            if (running == null) {
                log.warn("Teach button on BCM {} pressed before the daemon was ready; press again", pin);
                return;
            }
            DaemonCommands.CommandResult result = running.capture(zone, label);
            if (result.ok()) {
                log.info("Teach button on BCM {}: {} ({})", pin, result.message(), zone);
            } else {
                log.warn("Teach button on BCM {}: capture into {} failed: {} ({})", pin, label, result.message(), result.error());
            }
        }
    }
}
