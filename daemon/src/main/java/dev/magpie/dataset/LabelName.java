package dev.magpie.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A class label: 1-32 characters of {@code [A-Za-z0-9_]} (AutoML Vision's rule, so an exported dataset imports
 * there unchanged). {@code None} is the reserved catch-all meaning "nothing of interest"; spellings such as
 * {@code none} or {@code NONE} are refused because they would look like the catch-all but be a different class.
 */
public record LabelName(@JsonValue String value) implements Comparable<LabelName> {

    public static final int MAX_LENGTH = 32;
    public static final String RULE = "label names are 1-32 characters of letters A-Z a-z, digits 0-9 and underscore";

    // Declared before NONE: static fields initialise in order, and NONE's constructor uses the pattern.
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_]{1," + MAX_LENGTH + "}");

    public static final LabelName NONE = new LabelName("None");

    public LabelName {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new InvalidLabelException("invalid label name " + quote(value) + ": " + RULE);
        }
        if (value.equalsIgnoreCase("None") && !value.equals("None")) {
            throw new InvalidLabelException("invalid label name " + quote(value)
                    + ": it looks like the reserved catch-all label 'None' (exactly that spelling) but is a different"
                    + " label; use 'None' for \"nothing of interest\" or choose another name");
        }
    }

    public static LabelName of(String value) {
        return new LabelName(value);
    }

    /**
     * The label for a folder or tag name from another tool: Custom Vision and Lobe allow spaces and hyphens in tag
     * names ({@code Empty Shelf}, {@code hot-dog}), which become underscores ({@code Empty_Shelf}, {@code hot_dog}).
     * Anything else that is not allowed is still refused, with the reason.
     */
    public static LabelName fromForeignName(String name) {
        try {
            return new LabelName(name);
        } catch (InvalidLabelException e) {
            String mapped = name == null ? null : name.strip().replaceAll("[ \\-]+", "_");
            if (mapped == null || mapped.equals(name) || !ALLOWED.matcher(mapped).matches()) {
                throw e;
            }
            return new LabelName(mapped);
        }
    }

    public boolean isNone() {
        return equals(NONE);
    }

    @Override
    public int compareTo(LabelName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String quote(String value) {
        if (value == null) {
            return "(null)";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "'" + shown + "'" + (value.isEmpty() ? " (empty)" : "");
    }
}
