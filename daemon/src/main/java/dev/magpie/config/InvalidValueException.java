package dev.magpie.config;

/** Thrown by a config record's constructor for one bad key, so the loader can report that key's full path and line. */
public final class InvalidValueException extends IllegalArgumentException {

    private final String key;

    public InvalidValueException(String key, Object value, String problem) {
        super(key + " = " + value + ": " + problem);
        this.key = key;
    }

    /** The YAML key (snake_case) inside its section. */
    public String key() {
        return key;
    }
}
