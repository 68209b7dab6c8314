package dev.magpie.detect;

/** A box with a label and a score in [0, 1]: a detection, or (score 1) a ground-truth box. */
public record LabelledBox(String label, double score, Box box) {

    public static LabelledBox truth(String label, Box box) {
        return new LabelledBox(label, 1.0, box);
    }
}
