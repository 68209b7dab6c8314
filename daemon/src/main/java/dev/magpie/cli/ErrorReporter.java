package dev.magpie.cli;

import dev.magpie.config.ConfigException;
import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.FetchRefusedException;
import dev.magpie.dataset.InvalidLabelException;
import dev.magpie.dataset.UnknownImageException;
import dev.magpie.dataset.UnknownLabelException;
import dev.magpie.learn.ModelImportException;
import dev.magpie.learn.NotEnoughDataException;
import dev.magpie.learn.UnknownModelVersionException;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.ModelNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and an exit code from {@link ExitCodes}. Known
 * exceptions (the user's input, a missing thing, the disk) print their message only; anything else also prints its
 * stack trace, since that is a bug to report.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        commandLine.getErr().println("magpie: " + message(e));
        if (!isKnown(e)) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof UserError user) {
            return user.exitCode();
        }
        if (e instanceof ConfigException) {
            return ExitCodes.CONFIG;
        }
        if (e instanceof ModelNotFoundException
                || e instanceof UnknownModelVersionException
                || e instanceof UnknownLabelException
                || e instanceof UnknownImageException
                || e instanceof NoSuchFileException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof ImageRejectedException
                || e instanceof InvalidLabelException
                || e instanceof NotEnoughDataException
                || e instanceof ModelImportException
                || e instanceof FetchRefusedException
                // Value checks on user input (an execution provider's name, a config value) throw it too.
                || e instanceof IllegalArgumentException) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    /** Whether the message alone says what went wrong; otherwise the stack trace is printed as well. */
    static boolean isKnown(Throwable e) {
        return exitCode(e) != ExitCodes.FAILURE
                || e instanceof DatasetException
                || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + " does not exist";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
