package dev.magpie.app;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.magpie.config.GpioConfig;
import dev.magpie.config.GpioConfig.ButtonConfig;
import dev.magpie.config.GpioConfig.OutputConfig;
import dev.magpie.config.GpioConfig.OutputKind;
import dev.magpie.config.GpioConfig.PirConfig;
import dev.magpie.config.GpioConfig.PirMode;
import dev.magpie.devices.gpio.GpioBoard;
import dev.magpie.devices.gpio.GpioScheduler;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.MotionGate;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gpio: section wired to the daemon, on Pi4J's mock platform with a scheduler the test moves by hand. */
class GpioChannelTest {

    private static final int PIR = 17;
    private static final int BUTTON = 5;
    private static final int LED = 22;
    private static final int BUZZER = 23;

    private final Context context = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-05T08:00:00Z"));
    private final RecordingCommands commands = new RecordingCommands();
    private GpioChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    private GpioChannel open(GpioConfig config) throws Exception {
        channel = GpioChannel.open(config, List.of("slot1", "slot2"), () -> new GpioBoard(context, scheduler), () -> commands, clock);
        return channel;
    }

    private void set(int pin, DigitalState state) {
        context.registry().get("magpie-bcm-" + pin, MockDigitalInput.class).mockState(state);
    }

    private DigitalState output(int pin) {
        return context.registry().get("magpie-bcm-" + pin, MockDigitalOutput.class).state();
    }

    @Test
    void aPirInGateModeLetsFramesThroughOnlyWhileItSeesMotion() throws Exception {
        MotionGate gate = open(new GpioConfig(new PirConfig(PIR, PirMode.GATE), null, null)).gate(MotionGate.ALWAYS);

        assertThat(gate.shouldClassify(null, clock.instant())).isFalse();
        set(PIR, HIGH);
        scheduler.advance(Duration.ofMillis(50));
        assertThat(gate.shouldClassify(null, clock.instant())).isTrue();
        set(PIR, LOW);
        scheduler.advance(Duration.ofMillis(50));
        assertThat(gate.shouldClassify(null, clock.instant())).isFalse();
    }

    @Test
    void aPirInGateModeStillNeedsTheCamerasOwnGate() throws Exception {
        MotionGate still = (bgr, at) -> false;
        MotionGate gate = open(new GpioConfig(new PirConfig(PIR, PirMode.GATE), null, null)).gate(still);
        set(PIR, HIGH);
        scheduler.advance(Duration.ofMillis(50));

        assertThat(gate.shouldClassify(null, clock.instant())).isFalse();
    }

    @Test
    void aPirInTriggerModeOpensABurstBesidesTheCamerasGate() throws Exception {
        MotionGate still = (bgr, at) -> false;
        MotionGate gate = open(new GpioConfig(new PirConfig(PIR, PirMode.TRIGGER), null, null)).gate(still);
        assertThat(gate.shouldClassify(null, clock.instant())).isFalse();

        set(PIR, HIGH);
        scheduler.advance(Duration.ofMillis(50));
        set(PIR, LOW); // the burst outlives the PIR's own signal
        scheduler.advance(Duration.ofMillis(50));
        assertThat(gate.shouldClassify(null, clock.instant())).isTrue();

        clock.advance(GpioChannel.TRIGGER_BURST);
        assertThat(gate.shouldClassify(null, clock.instant())).isFalse();
    }

    @Test
    void aTeachButtonPressCapturesItsZoneUnderItsLabel() throws Exception {
        open(new GpioConfig(null, List.of(new ButtonConfig(BUTTON, "empty", "slot2")), null));
        set(BUTTON, HIGH);
        scheduler.advance(Duration.ofMillis(30));

        set(BUTTON, LOW);
        scheduler.advance(Duration.ofMillis(30));

        assertThat(commands.captured.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(commands.calls).containsExactly("capture slot2 empty");
    }

    @Test
    void anOutputIsOnWhileAnIncidentItWatchesIsOpen() throws Exception {
        GpioChannel gpio = open(new GpioConfig(null, null, List.of(new OutputConfig(LED, OutputKind.LED, null, "empty", 0))));

        gpio.sink().event(event("slot1", ZoneEvent.Type.START, "stocked"), null);
        assertThat(output(LED)).as("another label").isEqualTo(LOW);
        gpio.sink().event(event("slot1", ZoneEvent.Type.START, "empty"), new byte[0]);
        assertThat(output(LED)).isEqualTo(HIGH);
        gpio.sink().event(event("slot2", ZoneEvent.Type.START, "empty"), new byte[0]);
        gpio.sink().event(event("slot1", ZoneEvent.Type.END, "empty"), null);
        assertThat(output(LED)).as("slot2 is still empty").isEqualTo(HIGH);
        gpio.sink().event(event("slot2", ZoneEvent.Type.END, "empty"), null);
        assertThat(output(LED)).isEqualTo(LOW);
    }

    @Test
    void aBuzzerStopsAtItsCapEvenWhileTheIncidentIsOpen() throws Exception {
        GpioChannel gpio = open(new GpioConfig(null, null, List.of(new OutputConfig(BUZZER, OutputKind.BUZZER, "slot1", null, 0))));

        gpio.sink().event(event("slot1", ZoneEvent.Type.START, "empty"), new byte[0]);
        assertThat(output(BUZZER)).isEqualTo(HIGH);
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(output(BUZZER)).isEqualTo(LOW);
    }

    @Test
    void closingTurnsOutputsOff() throws Exception {
        GpioChannel gpio = open(new GpioConfig(null, null, List.of(new OutputConfig(LED, OutputKind.LED, null, null, 0))));
        gpio.sink().event(event("slot1", ZoneEvent.Type.START, "empty"), new byte[0]);
        MockDigitalOutput led = context.registry().get("magpie-bcm-" + LED, MockDigitalOutput.class);
        assertThat(led.state()).isEqualTo(HIGH);

        gpio.close();

        assertThat(led.state()).isEqualTo(LOW);
    }

    @Test
    void onlyAConfiguredSectionOpensABoard() {
        assertThat(GpioChannel.configured(GpioConfig.defaults())).isFalse();
        assertThat(GpioChannel.configured(new GpioConfig(new PirConfig(PIR, null), null, null))).isTrue();
    }

    private ZoneEvent event(String zone, ZoneEvent.Type type, String label) {
        return new ZoneEvent(zone + "-" + type + "-" + label, zone, type, label, 0.97, clock.instant(),
                type == ZoneEvent.Type.START ? "snap" : null, "v0001", 0);
    }

    /** Records captures; refuses nothing else because nothing else should be called. */
    private static final class RecordingCommands implements DaemonCommands {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch captured = new CountDownLatch(1);

        @Override
        public CommandResult capture(String zone, String label) {
            calls.add("capture " + zone + " " + label);
            captured.countDown();
            return CommandResult.ok("captured into " + label);
        }

        @Override
        public CommandResult labelInboxItem(String sha256, String label) {
            throw new AssertionError("unexpected");
        }

        @Override
        public CommandResult retrain() {
            throw new AssertionError("unexpected");
        }

        @Override
        public CommandResult promote(String version) {
            throw new AssertionError("unexpected");
        }

        @Override
        public CommandResult rollback() {
            throw new AssertionError("unexpected");
        }

        @Override
        public CommandResult setThreshold(String zone, String label, double threshold) {
            throw new AssertionError("unexpected");
        }

        @Override
        public CommandResult reloadConfig() {
            throw new AssertionError("unexpected");
        }
    }

    /** A {@link GpioScheduler} whose time moves only in {@link #advance(Duration)}. */
    private static final class ManualScheduler implements GpioScheduler {
        private record Scheduled(long dueNanos, long order, Runnable task, boolean[] cancelled) implements Task {
            @Override
            public void cancel() {
                cancelled[0] = true;
            }
        }

        private final List<Scheduled> queue = new ArrayList<>();
        private long nowNanos;
        private long order;

        @Override
        public synchronized Task schedule(Duration delay, Runnable task) {
            Scheduled scheduled = new Scheduled(nowNanos + delay.toNanos(), order++, task, new boolean[1]);
            queue.add(scheduled);
            return scheduled;
        }

        void advance(Duration by) {
            long target;
            synchronized (this) {
                target = nowNanos + by.toNanos();
            }
            while (true) {
                Scheduled next;
                synchronized (this) {
                    queue.removeIf(s -> s.cancelled()[0]);
                    next = queue.stream().filter(s -> s.dueNanos() <= target)
                            .min(Comparator.comparingLong(Scheduled::dueNanos).thenComparingLong(Scheduled::order)).orElse(null);
                    if (next == null) {
                        nowNanos = target;
                        return;
                    }
                    queue.remove(next);
                    nowNanos = next.dueNanos();
                }
                next.task().run();
            }
        }

        @Override
        public void close() {
        }
    }
}
