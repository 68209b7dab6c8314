package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.FakeClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {

    private final FakeClock clock = new FakeClock();
    private final IouTracker tracker = new IouTracker(clock, 0.3, 2, 3);

    private IouTracker.Step frame(Box... boxes) {
        clock.advanceSeconds(1);
        return tracker.update(List.of(boxes));
    }

    @Test
    void aBirdEnteringStayingAndLeavingIsOneTrackConfirmedOnceAndEndedOnce() {
        int confirmed = 0;
        int ended = 0;
        for (int i = 0; i < 10; i++) {
            IouTracker.Step step = frame(new Box(100 + 3 * i, 50, 40, 30));
            confirmed += step.confirmed().size();
            assertThat(step.trackOfBox()).containsExactly(1L);
        }
        for (int i = 0; i < 5; i++) {
            IouTracker.Step step = frame();
            ended += step.ended().size();
            if (!step.ended().isEmpty()) {
                assertThat(i).as("ends after more than 2 missed frames").isEqualTo(2);
                assertThat(step.ended().get(0).hits()).isEqualTo(10);
            }
        }
        assertThat(confirmed).isEqualTo(1);
        assertThat(ended).isEqualTo(1);
    }

    @Test
    void aFlickerFrameTheDetectorMissedDoesNotEndTheTrack() {
        frame(new Box(0, 0, 50, 50));
        frame(new Box(2, 0, 50, 50));
        frame(new Box(4, 0, 50, 50));
        IouTracker.Step missed = frame();
        IouTracker.Step back = frame(new Box(6, 0, 50, 50));

        assertThat(missed.ended()).isEmpty();
        assertThat(back.trackOfBox()).containsExactly(1L);
        assertThat(back.confirmed()).isEmpty();
    }

    @Test
    void twoBirdsAreTwoTracksAndKeepTheirIdsWhenTheyPassCloseBy() {
        frame(new Box(0, 0, 40, 40), new Box(100, 0, 40, 40));
        for (int i = 1; i <= 6; i++) {
            // moving towards each other, 10 px a frame each; the boxes overlap on the last frames
            IouTracker.Step step = frame(new Box(10 * i, 0, 40, 40), new Box(100 - 10 * i, 0, 40, 40));
            if (i < 5) {
                assertThat(step.trackOfBox()).containsExactly(1L, 2L);
            }
        }
        assertThat(tracker.update(List.of()).live()).hasSize(2);
    }

    @Test
    void aBoxTooFarFromTheTrackStartsANewOne() {
        frame(new Box(0, 0, 40, 40));
        IouTracker.Step step = frame(new Box(200, 200, 40, 40));
        assertThat(step.trackOfBox()).containsExactly(2L);
        assertThat(step.live()).hasSize(2);
    }

    @Test
    void unconfirmedTracksEndSilently() {
        frame(new Box(0, 0, 40, 40));
        frame();
        frame();
        assertThat(frame().ended()).isEmpty();
        assertThat(tracker.update(List.of()).live()).isEmpty();
    }
}
