package dev.magpie.cli;

import dev.magpie.config.ConfigException;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.ModelNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and an exit code from {@link ExitCodes}. Known user
 * errors print their message only; anything else also prints its stack trace, since that is a bug to report.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        int code = exitCode(e);
        commandLine.getErr().println("magpie: " + e.getMessage());
        if (code == ExitCodes.FAILURE) {
            e.printStackTrace(commandLine.getErr());
        }
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof UserError user) {
            return user.exitCode();
        }
        if (e instanceof ConfigException) {
            return ExitCodes.CONFIG;
        }
        if (e instanceof ModelNotFoundException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof ImageRejectedException || e instanceof IllegalArgumentException) {
            return ExitCodes.INVALID_INPUT;
        }
        String name = e.getClass().getSimpleName();
        if (name.startsWith("Unknown") && name.endsWith("Exception")) {
            return ExitCodes.NOT_FOUND; // UnknownLabelException, UnknownImageException, UnknownModelVersionException
        }
        if (name.startsWith("Invalid") && name.endsWith("Exception")) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.FAILURE;
    }
}
