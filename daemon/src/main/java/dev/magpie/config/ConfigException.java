package dev.magpie.config;

import java.util.List;

/**
 * A configuration file Magpie cannot use. Each problem reads {@code line: key.path = value: what is wrong}, so a user
 * can fix every mistake in one pass.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("Invalid configuration in " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
