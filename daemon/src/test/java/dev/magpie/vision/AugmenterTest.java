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

    @Test
    void nativeCropLeavesImagesSmallerThanTheBackboneInputWhole() {
        Mat small = TestImages.marked(128, 128);
        for (int v = 1; v <= 4; v++) {
            Mat view = new Augmenter(7, Augmenter.Crop.NATIVE).view(small, "abc", v);
            assertThat(view.cols()).isEqualTo(128);
            assertThat(view.rows()).isEqualTo(128);
            view.release();
        }
        small.release();
        assertThat(Augmenter.minimumKeep(Augmenter.Crop.NATIVE, 384)).isEqualTo(0.75);
        assertThat(Augmenter.minimumKeep(Augmenter.Crop.SCALED, 128)).isEqualTo(0.875);
        assertThat(Augmenter.minimumKeep(Augmenter.Crop.FIXED, 128)).isEqualTo(0.75);
    }

    @Test
    void theVersionNamesTheCropRuleAndSeed() {
        assertThat(new Augmenter(7).version()).isEqualTo("aug-" + Augmenter.DEFAULT_CROP.name().toLowerCase() + "-7");
        assertThat(new Augmenter(7, Augmenter.Crop.NONE).version()).isNotEqualTo(new Augmenter(7, Augmenter.Crop.FIXED).version());
        assertThat(new Augmenter(8).version()).isNotEqualTo(new Augmenter(7).version());
    }

    private static double difference(Mat a, Mat b) {
        return Core.norm(a, b, Core.NORM_L1);
    }
}
