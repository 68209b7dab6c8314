package dev.magpie.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stratified train/held-out split: each label keeps the same share in both parts, so a rare label is still
 * evaluated. Deterministic for a seed. Rows the dataset already assigned (the Custom Vision / AutoML "TEST" column
 * of an imported set) stay where they are; only the rest are drawn.
 */
public final class Splitter {

    /** A row's pre-assigned side, or {@link #UNASSIGNED}. */
    public enum Assignment { UNASSIGNED, TRAIN, HELD_OUT }

    /** Row indices of each part, ascending. */
    public record Split(int[] trainRows, int[] heldOutRows) {
    }

    private final double heldOutFraction;
    private final long seed;

    public Splitter(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be between 0 and 1 exclusive, got " + heldOutFraction);
        }
        this.heldOutFraction = heldOutFraction;
        this.seed = seed;
    }

    /** The 80/20 split. */
    public Splitter(long seed) {
        this(0.2, seed);
    }

    public Split split(int[] labelIndex, int labelCount) {
        Assignment[] none = new Assignment[labelIndex.length];
        java.util.Arrays.fill(none, Assignment.UNASSIGNED);
        return split(labelIndex, labelCount, none);
    }

    public Split split(int[] labelIndex, int labelCount, Assignment[] assigned) {
        if (assigned.length != labelIndex.length) {
            throw new IllegalArgumentException(assigned.length + " assignments for " + labelIndex.length + " rows");
        }
        boolean[] heldOut = new boolean[labelIndex.length];
        Random random = new Random(seed);
        for (int c = 0; c < labelCount; c++) {
            List<Integer> free = new ArrayList<>();
            int rowsOfLabel = 0;
            int alreadyHeldOut = 0;
            for (int i = 0; i < labelIndex.length; i++) {
                if (labelIndex[i] != c) {
                    continue;
                }
                rowsOfLabel++;
                switch (assigned[i]) {
                    case HELD_OUT -> {
                        heldOut[i] = true;
                        alreadyHeldOut++;
                    }
                    case TRAIN -> { }
                    case UNASSIGNED -> free.add(i);
                }
            }
            // Aim for the fraction of all the label's rows; a label with a single row trains on it rather than
            // testing on it.
            int target = rowsOfLabel < 2 ? 0 : Math.max(1, (int) Math.round(rowsOfLabel * heldOutFraction));
            int draw = Math.max(0, Math.min(free.size(), target - alreadyHeldOut));
            java.util.Collections.shuffle(free, random);
            for (int k = 0; k < draw; k++) {
                heldOut[free.get(k)] = true;
            }
        }
        int heldOutCount = 0;
        for (boolean h : heldOut) {
            if (h) {
                heldOutCount++;
            }
        }
        int[] train = new int[labelIndex.length - heldOutCount];
        int[] test = new int[heldOutCount];
        int t = 0;
        int h = 0;
        for (int i = 0; i < labelIndex.length; i++) {
            if (heldOut[i]) {
                test[h++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new Split(train, test);
    }
}
