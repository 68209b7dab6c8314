package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private static Detection box(int cls, double score, double x, double y, double w, double h) {
        return new Detection(cls, "c" + cls, score, x, y, w, h);
    }

    @Test
    void overlappingBoxesOfOneClassKeepTheBest() {
        Detection best = box(1, 0.9, 0, 0, 100, 100);
        Detection shifted = box(1, 0.8, 10, 0, 100, 100);   // IoU 0.82
        Detection apart = box(1, 0.7, 200, 200, 50, 50);
        assertThat(NonMaxSuppression.perClass(List.of(shifted, apart, best), 0.45)).containsExactly(best, apart);
    }

    @Test
    void overlappingBoxesOfDifferentClassesAreBothKept() {
        Detection dog = box(16, 0.9, 0, 0, 100, 100);
        Detection cat = box(15, 0.6, 5, 5, 100, 100);
        assertThat(NonMaxSuppression.perClass(List.of(cat, dog), 0.45)).containsExactly(dog, cat);
    }

    @Test
    void iouIsIntersectionOverUnion() {
        Detection a = box(0, 1, 0, 0, 10, 10);
        Detection b = box(0, 1, 5, 0, 10, 10);
        assertThat(a.iou(b)).isCloseTo(50.0 / 150.0, within(1e-9));
        assertThat(a.iou(box(0, 1, 20, 20, 5, 5))).isZero();
    }

    @Test
    void relativeBoxesAreClippedToTheImage() {
        Detection.RelativeBox r = box(0, 1, -10, 50, 60, 100).relative(100, 100);
        assertThat(r.left()).isZero();
        assertThat(r.width()).isCloseTo(0.5, within(1e-9));
        assertThat(r.top()).isCloseTo(0.5, within(1e-9));
        assertThat(r.height()).isCloseTo(0.5, within(1e-9));
    }
}
