package dev.magpie.config;

/**
 * One thing wrong with a configuration file, before it is given a line number.
 *
 * @param path the key path, such as {@code zones[1].rules[0].label}; "" for the file as a whole
 * @param value the offending value as text, or null to show none
 * @param message what is wrong and what to do; the text {@code {other}} is replaced by the line and path of
 *                {@code otherPath} (the first of two duplicates, say)
 * @param otherPath a second place the problem involves, or null
 */
public record ConfigProblem(String path, String value, String message, String otherPath) {

    public static ConfigProblem of(String path, Object value, String message) {
        return new ConfigProblem(path, value == null ? null : String.valueOf(value), message, null);
    }
}
