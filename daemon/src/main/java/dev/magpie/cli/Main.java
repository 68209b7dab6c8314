package dev.magpie.cli;

import picocli.CommandLine;

/** Entry point of the jar: {@code java -jar magpie.jar <command>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new MagpieCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }
}
