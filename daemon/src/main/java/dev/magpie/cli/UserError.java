package dev.magpie.cli;

/** A failure the user can fix, printed as its message alone (no stack trace) with a specific exit code. */
final class UserError extends RuntimeException {

    private final int exitCode;

    UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
