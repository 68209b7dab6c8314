package dev.magpie.config;

import java.util.regex.Pattern;

/** Name rules the configuration checks. */
final class Names {

    /** A class label: AutoML's rule, the same as {@code dev.magpie.dataset.LabelName} (config sits below dataset). */
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]{1,32}");

    /** A camera or zone: it becomes an MQTT topic level and part of a Home Assistant entity id. */
    static final Pattern THING = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private Names() {
    }

    static void checkLabel(String key, String label) {
        if (label == null) {
            throw new InvalidValueException(key, null, "required: the label this applies to");
        }
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidValueException(key, label, "not a valid label name; use 1-32 characters A-Z, a-z, 0-9 or _");
        }
    }

    static void checkThing(String key, String name, String what) {
        if (name == null) {
            throw new InvalidValueException(key, null, "required: every " + what + " needs a name");
        }
        if (!THING.matcher(name).matches()) {
            throw new InvalidValueException(key, name, "not a valid " + what + " name; use 1-32 characters A-Z, a-z, 0-9, _ or -");
        }
    }

    static void checkRange(String key, Number value, double min, double max) {
        double v = value.doubleValue();
        if (v < min || v > max) {
            throw new InvalidValueException(key, value, "must be between " + format(min) + " and " + format(max));
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
