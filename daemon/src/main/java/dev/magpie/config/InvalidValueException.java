package dev.magpie.config;

/**
 * Thrown by a config record's constructor for one bad key, so the loader can report that key's full path and line.
 * The loader then binds the record again with that key left out (its default), so one bad key does not hide the
 * problems after it.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String key;
    private final String value;
    private final String problem;

    /**
     * @param key the YAML key (snake_case) inside its section, or "" when the problem is the section as a whole
     * @param value the offending value as the user wrote it, or null to show none (a missing required key)
     * @param problem what is wrong and what to do
     */
    public InvalidValueException(String key, Object value, String problem) {
        super((key.isEmpty() ? "" : key) + (value == null ? "" : " = " + value) + ": " + problem);
        this.key = key;
        this.value = value == null ? null : String.valueOf(value);
        this.problem = problem;
    }

    /** The YAML key (snake_case) inside its section; "" for the section itself. */
    public String key() {
        return key;
    }

    /** The offending value as text, or null where none is shown. */
    public String value() {
        return value;
    }

    /** What is wrong and what to do. */
    public String problem() {
        return problem;
    }
}
