package dev.magpie.cli;

/** {@link Cli#runRaw} for tests outside this package (the reliability corpus): exit code and what was printed. */
public final class InProcessCli {

    public record Result(int exitCode, String out, String err) {
    }

    private InProcessCli() {
    }

    public static synchronized Result run(String... args) {
        Cli.Run run = Cli.runRaw(args);
        return new Result(run.exitCode(), run.out(), run.err());
    }
}
