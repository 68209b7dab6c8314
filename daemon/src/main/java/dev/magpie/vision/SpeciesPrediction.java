package dev.magpie.vision;

/**
 * One answer of a species classifier.
 *
 * @param index output index of the model
 * @param scientificName e.g. {@code Athene cunicularia}; {@code background} for "no bird"
 * @param commonName e.g. {@code Burrowing Owl}; {@code background} for "no bird"
 * @param score probability, 0-1
 */
public record SpeciesPrediction(int index, String scientificName, String commonName, double score) {

    public static final String BACKGROUND = "background";

    public boolean isBackground() {
        return BACKGROUND.equals(scientificName);
    }

    /** Parses a label line {@code Latin name (Common Name)}; a line without parentheses is both names. */
    public static SpeciesPrediction fromLabel(int index, String line, double score) {
        String text = line.strip();
        int open = text.lastIndexOf('(');
        if (open > 0 && text.endsWith(")")) {
            return new SpeciesPrediction(index, text.substring(0, open).strip(), text.substring(open + 1, text.length() - 1).strip(), score);
        }
        return new SpeciesPrediction(index, text, text, score);
    }
}
