package dev.magpie.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitterTest {

    private static int[] labels(int... perLabel) {
        int total = Arrays.stream(perLabel).sum();
        int[] y = new int[total];
        int i = 0;
        for (int c = 0; c < perLabel.length; c++) {
            for (int k = 0; k < perLabel[c]; k++) {
                y[i++] = c;
            }
        }
        return y;
    }

    private static long count(int[] rows, int[] y, int label) {
        return Arrays.stream(rows).filter(r -> y[r] == label).count();
    }

    @Test
    void holdsOutTwentyPercentOfEachLabel() {
        int[] y = labels(50, 10, 5);
        Splitter.Split split = new Splitter(1).split(y, 3);
        assertThat(count(split.heldOutRows(), y, 0)).isEqualTo(10);
        assertThat(count(split.heldOutRows(), y, 1)).isEqualTo(2);
        assertThat(count(split.heldOutRows(), y, 2)).isEqualTo(1);
        assertThat(split.trainRows().length + split.heldOutRows().length).isEqualTo(65);
        assertThat(Arrays.stream(split.trainRows()).filter(r -> Arrays.stream(split.heldOutRows()).anyMatch(h -> h == r))).isEmpty();
    }

    @Test
    void sameSeedGivesSameSplitAndOtherSeedAnother() {
        int[] y = labels(40, 40);
        Splitter.Split a = new Splitter(5).split(y, 2);
        Splitter.Split b = new Splitter(5).split(y, 2);
        Splitter.Split c = new Splitter(6).split(y, 2);
        assertThat(b.heldOutRows()).isEqualTo(a.heldOutRows());
        assertThat(c.heldOutRows()).isNotEqualTo(a.heldOutRows());
    }

    @Test
    void singleRowLabelStaysInTraining() {
        int[] y = labels(10, 1);
        Splitter.Split split = new Splitter(1).split(y, 2);
        assertThat(count(split.trainRows(), y, 1)).isEqualTo(1);
    }

    @Test
    void preAssignedRowsKeepTheirSide() {
        int[] y = labels(10, 10);
        Splitter.Assignment[] assigned = new Splitter.Assignment[20];
        Arrays.fill(assigned, Splitter.Assignment.UNASSIGNED);
        assigned[0] = Splitter.Assignment.HELD_OUT;
        assigned[1] = Splitter.Assignment.HELD_OUT;
        assigned[2] = Splitter.Assignment.HELD_OUT;
        for (int i = 10; i < 20; i++) {
            assigned[i] = Splitter.Assignment.TRAIN;
        }
        Splitter.Split split = new Splitter(1).split(y, 2, assigned);
        assertThat(split.heldOutRows()).containsExactly(0, 1, 2); // label 0 already has 3 >= its 2; label 1 all train
    }
}
