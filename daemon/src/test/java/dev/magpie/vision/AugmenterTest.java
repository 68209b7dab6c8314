package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class AugmenterTest {

    private final Mat image = TestImages.marked(200, 160);

    @Test
    void viewZeroIsTheImageItself() {
        Mat view = new Augmenter(7).view(image, "abc", 0);
        assertThat(difference(view, image)).isZero();
        view.release();
    }

    @Test
    void theSameViewIsIdenticalAcrossRunsAndDiffersBetweenViews() {
        Mat first = new Augmenter(7).view(image, "abc", 3);
        Mat again = new Augmenter(7).view(image, "abc", 3);
        Mat other = new Augmenter(7).view(image, "abc", 4);
        assertThat(first.size()).isEqualTo(again.size());
        assertThat(difference(first, again)).isZero();
        assertThat(first.size().equals(other.size()) && difference(first, other) == 0).isFalse();
        first.release();
        again.release();
        other.release();
    }

    @Test
    void oddViewsAreMirrored() {
        Mat view = new Augmenter(1).view(image, "key", 1);
        // The red mark starts top-left; in a mirrored view it sits top-right.
        assertThat(view.get(2, view.cols() - 3)[2]).isGreaterThan(150);
        view.release();
    }

    private static double difference(Mat a, Mat b) {
        return Core.norm(a, b, Core.NORM_L1);
    }
}
