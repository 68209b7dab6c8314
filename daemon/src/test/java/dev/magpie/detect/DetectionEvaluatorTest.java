package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEvaluatorTest {

    private final DetectionEvaluator evaluator = new DetectionEvaluator(0.5, 0.5);
    private static final Box FORK = new Box(10, 10, 100, 50);

    @Test
    void perfectDetectionsScoreOne() {
        DetectionEvaluator.Report report = evaluator.evaluate(List.of(new DetectionEvaluator.ImageResult(
                List.of(LabelledBox.truth("fork", FORK)), List.of(new LabelledBox("fork", 0.9, new Box(12, 10, 100, 50))))));
        assertThat(report.meanAp()).isEqualTo(1.0);
        assertThat(report.perLabel().get("fork").precision()).isEqualTo(1.0);
        assertThat(report.perLabel().get("fork").recall()).isEqualTo(1.0);
    }

    @Test
    void aFalsePositiveRankedAboveTheTruePositiveHalvesTheApAndADuplicateIsAFalsePositive() {
        DetectionEvaluator.Report report = evaluator.evaluate(List.of(new DetectionEvaluator.ImageResult(
                List.of(LabelledBox.truth("fork", FORK)),
                List.of(new LabelledBox("fork", 0.9, new Box(300, 300, 50, 50)),
                        new LabelledBox("fork", 0.8, FORK),
                        new LabelledBox("fork", 0.7, FORK),
                        new LabelledBox("fork", 0.3, new Box(0, 200, 10, 10))))));
        DetectionEvaluator.LabelScore fork = report.perLabel().get("fork");
        assertThat(fork.ap()).isCloseTo(0.5, within(1e-9));
        assertThat(fork.detections()).isEqualTo(3);
        assertThat(fork.precision()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(fork.recall()).isEqualTo(1.0);
    }

    @Test
    void aMissedBoxAndAWrongLabelCountAgainstBothLabels() {
        DetectionEvaluator.Report report = evaluator.evaluate(List.of(
                new DetectionEvaluator.ImageResult(List.of(LabelledBox.truth("fork", FORK)), List.of(new LabelledBox("scissors", 0.9, FORK))),
                new DetectionEvaluator.ImageResult(List.of(LabelledBox.truth("scissors", FORK)), List.of(new LabelledBox("scissors", 0.6, FORK)))));
        assertThat(report.perLabel().get("fork").ap()).isZero();
        assertThat(report.perLabel().get("fork").recall()).isZero();
        assertThat(report.perLabel().get("scissors").ap()).isCloseTo(0.5, within(1e-9));
        assertThat(report.perLabel().get("scissors").precision()).isCloseTo(0.5, within(1e-9));
        assertThat(report.meanAp()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void perClassNmsKeepsTheBestBoxOfEachLabel() {
        List<LabelledBox> kept = Nms.perClass(List.of(new LabelledBox("fork", 0.6, FORK), new LabelledBox("fork", 0.9, new Box(15, 10, 100, 50)),
                new LabelledBox("scissors", 0.5, FORK)), 0.3);
        assertThat(kept).extracting(LabelledBox::label, LabelledBox::score).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fork", 0.9), org.assertj.core.groups.Tuple.tuple("scissors", 0.5));
    }

    @Test
    void proposalsAreLabelledByTheHeadAndBackgroundIsDropped() {
        List<Box> proposals = List.of(FORK, new Box(400, 0, 50, 50));
        List<LabelledBox> out = ProposalDetector.decide(proposals, List.of(
                List.of(new dev.magpie.learn.Prediction.LabelScore("fork", 0.8), new dev.magpie.learn.Prediction.LabelScore("None", 0.2)),
                List.of(new dev.magpie.learn.Prediction.LabelScore("None", 0.97), new dev.magpie.learn.Prediction.LabelScore("fork", 0.03))),
                0.05, 0.3);
        assertThat(out).containsExactly(new LabelledBox("fork", 0.8, FORK));
    }

    @Test
    void boxIouAndClipping() {
        assertThat(new Box(0, 0, 10, 10).iou(new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-12));
        assertThat(new Box(-5, -5, 10, 10).clippedTo(100, 100)).isEqualTo(new Box(0, 0, 5, 5));
        assertThat(new Box(0, 0, 10, 10).iou(new Box(20, 20, 5, 5))).isZero();
    }
}
