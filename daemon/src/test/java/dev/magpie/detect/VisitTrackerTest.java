package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.FakeClock;
import dev.magpie.vision.NativeLibraries;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class VisitTrackerTest {

    @TempDir
    Path dataDir;

    private final FakeClock clock = new FakeClock();
    private final List<VisitEvent> events = new ArrayList<>();
    private final List<VisitTracker.UnsureCrop> unsure = new ArrayList<>();
    private final Mat frame = new Mat(240, 320, CvType.CV_8UC3);

    @BeforeAll
    static void openCv() {
        NativeLibraries.loadOpenCv();
    }

    @AfterEach
    void release() {
        frame.release();
    }

    private VisitTracker tracker(Function<Integer, SpeciesGuess> answerForFrame, SpeciesFilter filter) throws Exception {
        Core.randn(frame, 128, 40);
        int[] frameNo = {0};
        SpeciesClassifier classifier = crop -> answerForFrame.apply(frameNo[0]++);
        return new VisitTracker("feeder", new IouTracker(clock, 0.3, 2, 3), classifier, filter,
                SpeciesLedger.open(dataDir, ZoneOffset.UTC), new DailySpeciesList(clock, ZoneOffset.UTC),
                VisitTracker.Settings.DEFAULTS, events::add, unsure::add, clock);
    }

    private void frames(VisitTracker visits, int count, Box box) {
        for (int i = 0; i < count; i++) {
            clock.advanceSeconds(1);
            visits.onFrame(frame, box == null ? List.of() : List.of(box));
        }
    }

    private List<VisitEvent.Type> types() {
        return events.stream().map(VisitEvent::type).toList();
    }

    @Test
    void aBirdEnteringStayingAndLeavingIsOneVisitWithStartFirstSightingAndEnd() throws Exception {
        VisitTracker visits = tracker(n -> new SpeciesGuess("goldfinch", 0.9), SpeciesFilter.ALLOW_ALL);
        frames(visits, 10, new Box(100, 80, 60, 50));
        frames(visits, 4, null);

        assertThat(types()).containsExactly(VisitEvent.Type.START, VisitEvent.Type.FIRST_EVER, VisitEvent.Type.END);
        VisitEvent start = events.get(0);
        assertThat(start.visit().species()).isEqualTo("goldfinch");
        assertThat(start.visit().snapshot()).isNotEmpty();
        assertThat(events.get(2).duration()).hasSeconds(9);
        assertThat(visits.today().visits()).containsEntry("goldfinch", 1);
    }

    @Test
    void aMissingFlickerFrameDoesNotSplitTheVisit() throws Exception {
        VisitTracker visits = tracker(n -> new SpeciesGuess("robin", 0.8), SpeciesFilter.ALLOW_ALL);
        frames(visits, 4, new Box(50, 50, 40, 40));
        frames(visits, 1, null);
        frames(visits, 4, new Box(52, 50, 40, 40));
        frames(visits, 3, null);

        assertThat(types()).containsExactly(VisitEvent.Type.START, VisitEvent.Type.FIRST_EVER, VisitEvent.Type.END);
    }

    @Test
    void twoBirdsAreTwoVisitsAndTheSecondOfASpeciesIsNoFirstSighting() throws Exception {
        VisitTracker visits = tracker(n -> new SpeciesGuess("sparrow", 0.9), SpeciesFilter.ALLOW_ALL);
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(1);
            visits.onFrame(frame, List.of(new Box(10, 10, 50, 50), new Box(200, 100, 50, 50)));
        }
        visits.endAll();

        assertThat(types()).containsExactly(VisitEvent.Type.START, VisitEvent.Type.FIRST_EVER, VisitEvent.Type.START,
                VisitEvent.Type.END, VisitEvent.Type.END);
        assertThat(visits.today().visits()).containsEntry("sparrow", 2);
    }

    @Test
    void anUpdateOnlyWhenTheAnswerClearlyImproves() throws Exception {
        // frames 0-2: tit 0.6; 3: tit 0.62 (not enough); 4: finch 0.7 (a switch needs +0.15); 5: finch 0.8 (switch)
        double[] conf = {0.6, 0.6, 0.6, 0.62, 0.7, 0.8, 0.8};
        VisitTracker visits = tracker(n -> new SpeciesGuess(n < 4 ? "tit" : "finch", conf[Math.min(n, 6)]), SpeciesFilter.ALLOW_ALL);
        frames(visits, 7, new Box(100, 80, 60, 50));

        assertThat(types()).containsExactly(VisitEvent.Type.START, VisitEvent.Type.FIRST_EVER, VisitEvent.Type.UPDATE,
                VisitEvent.Type.FIRST_EVER);
        assertThat(events.get(2).visit().species()).isEqualTo("finch");
        assertThat(visits.today().visits()).containsExactlyEntriesOf(java.util.Map.of("finch", 1));
    }

    @Test
    void deniedSpeciesAreNeverTheAnswerAndUnsureCropsGoToTheInboxOncePerSpecies() throws Exception {
        SpeciesFilter filter = SpeciesFilter.of("feeder", List.of(), List.of("pigeon"), Set.of("pigeon", "wren"));
        VisitTracker visits = tracker(n -> n % 2 == 0 ? new SpeciesGuess("pigeon", 0.95) : new SpeciesGuess("wren", 0.3), filter);
        frames(visits, 6, new Box(100, 80, 60, 50));
        visits.endAll();

        assertThat(events.get(0).visit().species()).isEqualTo(Visit.UNKNOWN);
        assertThat(types()).containsExactly(VisitEvent.Type.START, VisitEvent.Type.END);
        assertThat(unsure).hasSize(1);
        assertThat(unsure.get(0).guess().species()).isEqualTo("wren");
        assertThat(unsure.get(0).jpeg()).isNotEmpty();
    }
}
