package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeciesMemoryTest {

    @TempDir
    Path dataDir;

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void firstSightingEverSurvivesARestartAndFirstTodayComesBackTheNextLocalDay() throws Exception {
        Instant morning = Instant.parse("2024-05-01T06:00:00Z");
        SpeciesLedger ledger = SpeciesLedger.open(dataDir, BERLIN);
        assertThat(ledger.record("goldfinch", morning)).isEqualTo(new SpeciesLedger.Firsts(true, true));
        assertThat(ledger.record("goldfinch", morning.plusSeconds(60))).isEqualTo(new SpeciesLedger.Firsts(false, false));

        SpeciesLedger reopened = SpeciesLedger.open(dataDir, BERLIN);
        assertThat(reopened.record("goldfinch", morning.plusSeconds(3600))).isEqualTo(new SpeciesLedger.Firsts(false, false));
        // 22:30 UTC is 00:30 the next day in Berlin (CEST)
        assertThat(reopened.record("goldfinch", Instant.parse("2024-05-01T22:30:00Z"))).isEqualTo(new SpeciesLedger.Firsts(false, true));
        assertThat(SpeciesLedger.open(dataDir, BERLIN).seen().get("goldfinch").first()).isEqualTo(morning);
    }

    @Test
    void theDailyListStartsEmptyAtLocalMidnight() {
        FakeClock clock = new FakeClock(Instant.parse("2024-05-01T21:00:00Z")); // 23:00 in Berlin
        DailySpeciesList daily = new DailySpeciesList(clock, BERLIN);
        daily.countVisit("robin");
        daily.countVisit("robin");
        daily.moveVisit("robin", "wren");
        assertThat(daily.today().visits()).containsEntry("robin", 1).containsEntry("wren", 1);

        clock.advance(Duration.ofMinutes(59));
        assertThat(daily.today().visits()).hasSize(2);
        clock.advance(Duration.ofMinutes(2));
        DailySpeciesList.Day day = daily.today();
        assertThat(day.date()).hasToString("2024-05-02");
        assertThat(day.visits()).isEmpty();
    }

    @Test
    void unknownSpeciesNamesInAllowAndDenyListsAreReported() {
        SpeciesFilter filter = SpeciesFilter.of("feeder", List.of("Goldfinch", "goldfnch"), List.of("Pigeon", "Goldfinch"),
                Set.of("Goldfinch", "Pigeon", "Robin"));

        assertThat(filter.problems()).containsExactly("feeder.species.allow: unknown species 'goldfnch'",
                "feeder.species.deny: Goldfinch is also allowed; deny wins");
        assertThat(filter.permits("Goldfinch")).isFalse();
        assertThat(filter.permits("Robin")).isFalse();
        assertThat(SpeciesFilter.of("r", List.of(), List.of("Pigeon"), Set.of("Pigeon")).permits("Robin")).isTrue();
    }
}
