package dev.magpie.config;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of a key path such as {@code inference.threads} in YAML text. Jackson binds records through their
 * constructors, so it only notices a bad key once the whole block is read and reports the block's last line; users
 * need the line of the key itself.
 */
final class KeyLines {

    private static final Pattern KEY = Pattern.compile("^(\\s*)(?:-\\s+)?([A-Za-z0-9_]+)\\s*:");

    private KeyLines() {
    }

    static OptionalInt lineOf(String yaml, List<String> path) {
        String[] lines = yaml.split("\n", -1);
        int segment = 0;
        int parentIndent = -1;
        for (int i = 0; i < lines.length && segment < path.size(); i++) {
            Matcher m = KEY.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            int indent = m.group(1).length();
            if (segment > 0 && indent <= parentIndent) {
                return OptionalInt.empty(); // left the parent block without finding the key
            }
            if (m.group(2).equals(path.get(segment))) {
                parentIndent = indent;
                segment++;
                if (segment == path.size()) {
                    return OptionalInt.of(i + 1);
                }
            }
        }
        return OptionalInt.empty();
    }
}
