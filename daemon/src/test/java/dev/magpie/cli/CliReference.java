package dev.magpie.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import java.util.Comparator;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Writes docs/cli.md: every command's usage help as picocli prints it, in the order {@code magpie --help} lists them,
 * and the exit codes of {@link ExitCodes}. A fixed width keeps the text independent of the terminal.
 */
final class CliReference {

    static final int WIDTH = 100;

    /** What each exit code means; every constant in {@link ExitCodes} must be described here. */
    private static final Map<String, String> MEANINGS = Map.of(
            "OK", "Success.",
            "FAILURE", "Something failed that is not the input's fault (I/O, a crash in a native library); "
                    + "unexpected errors also print a stack trace.",
            "USAGE", "The command line is wrong: an unknown command or option, a missing argument, a missing --yes.",
            "INVALID_INPUT", "Some input was refused (an image, a label name, an archive, too little data to train); "
                    + "the message names it and the reason.",
            "NOT_FOUND", "Something named does not exist: a model version, a label, an image, a path, the backbone file.",
            "CONFIG", "The configuration file is invalid; the message gives the line and key.");

    private CliReference() {
    }

    static String markdown() {
        CommandLine root = Main.newCommandLine();
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(WIDTH);
        StringBuilder md = new StringBuilder();
        md.append("# Magpie command line\n\n")
                .append("Generated from the commands' own usage help by `CliReferenceTest`; do not edit by hand.\n")
                .append("Regenerate with:\n\n")
                .append("```sh\n").append(CliReferenceTest.REGENERATE).append("\n```\n\n");
        md.append("## Exit codes\n\n| Code | Name | Meaning |\n|---:|---|---|\n");
        for (Map.Entry<String, Integer> code : exitCodes().entrySet()) {
            String meaning = MEANINGS.get(code.getKey());
            if (meaning == null) {
                throw new IllegalStateException("ExitCodes." + code.getKey() + " has no description in CliReference");
            }
            md.append("| ").append(code.getValue()).append(" | `").append(code.getKey()).append("` | ").append(meaning)
                    .append(" |\n");
        }
        appendCommand(md, root, "magpie", Collections.newSetFromMap(new IdentityHashMap<>()));
        return md.toString();
    }

    private static void appendCommand(StringBuilder md, CommandLine command, String path, Set<CommandLine> seen) {
        if (!seen.add(command)) {
            return; // an alias names a command already written
        }
        String usage = command.getUsageMessage(Help.Ansi.OFF).replace("\r\n", "\n").stripTrailing();
        md.append("\n## ").append(path).append("\n\n```text\n");
        for (String line : usage.split("\n", -1)) {
            md.append(line.stripTrailing()).append('\n');
        }
        md.append("```\n");
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            appendCommand(md, sub.getValue(), path + " " + sub.getValue().getCommandName(), seen);
        }
    }

    /** The public int constants of ExitCodes, by value. */
    private static Map<String, Integer> exitCodes() {
        List<Field> fields = new ArrayList<>();
        for (Field field : ExitCodes.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && field.getType() == int.class) {
                fields.add(field);
            }
        }
        Map<String, Integer> codes = new LinkedHashMap<>();
        fields.stream().sorted(Comparator.comparingInt(CliReference::value)).forEach(f -> codes.put(f.getName(), value(f)));
        return codes;
    }

    private static int value(Field field) {
        try {
            return field.getInt(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
