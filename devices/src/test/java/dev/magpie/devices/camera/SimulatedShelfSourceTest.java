package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedShelfSourceTest {

    /** A day in 96 frames: 15 simulated minutes per frame. */
    private static final ShelfScenario FAST_DAY = new ShelfScenario(4, Duration.ofMinutes(15), 3,
            Duration.ofMinutes(45), LocalTime.MIDNIGHT);

    private static List<ShelfTruth> run(long seed, int frames) throws Exception {
        SimulatedShelfSource source = new SimulatedShelfSource(new SimulatedShelf(160, 120, 4), FAST_DAY, seed,
                new FakePacer(), Clock.systemUTC());
        List<ShelfTruth> truths = new ArrayList<>();
        source.open();
        for (int i = 0; i < frames; i++) {
            try (Frame frame = source.read()) {
                truths.add(source.truth(frame.sequence()).orElseThrow());
            }
        }
        source.close();
        return truths;
    }

    @Test
    void sameSeedTellsTheSameStory() throws Exception {
        assertThat(run(11, 96)).isEqualTo(run(11, 96));
    }

    @Test
    void slotsSellOutOnlyWhileOpenAndGetRestocked() throws Exception {
        List<ShelfTruth> day = run(5, 96);
        long sellOuts = 0;
        long restocks = 0;
        for (int i = 1; i < day.size(); i++) {
            for (int slot = 0; slot < 4; slot++) {
                boolean before = day.get(i - 1).stocked().get(slot);
                boolean after = day.get(i).stocked().get(slot);
                if (before && !after) {
                    sellOuts++;
                    LocalTime time = day.get(i).simulatedTime().toLocalTime();
                    assertThat(time).isBetween(LocalTime.of(8, 0), LocalTime.of(20, 0));
                }
                if (!before && after) {
                    restocks++;
                }
            }
        }
        assertThat(sellOuts).isGreaterThan(0);
        assertThat(restocks).isGreaterThan(0);
    }

    @Test
    void lightFollowsTheDay() {
        assertThat(SimulatedShelfSource.light(LocalTime.of(3, 0))).isEqualTo(0.5);
        assertThat(SimulatedShelfSource.light(LocalTime.NOON)).isGreaterThan(1.2);
        assertThat(SimulatedShelfSource.light(LocalTime.of(9, 0)))
                .isLessThan(SimulatedShelfSource.light(LocalTime.NOON));
    }

    @Test
    void framesArePacedAtTheScenarioRate() throws Exception {
        FakePacer pacer = new FakePacer();
        SimulatedShelfSource source = new SimulatedShelfSource(new SimulatedShelf(160, 120, 4), FAST_DAY, 1, pacer,
                Clock.systemUTC());
        source.open();
        for (int i = 0; i < 3; i++) {
            source.read().close();
        }
        assertThat(pacer.sleeps).containsExactly(0L, 250_000_000L, 250_000_000L);
        assertThat(source.latestTruth().orElseThrow().sequence()).isEqualTo(3);
    }
}
