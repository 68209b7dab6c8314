package dev.magpie.cli;

/**
 * Exit codes scripts can rely on. They are listed in {@code magpie --help} and docs/cli.md; do not renumber them.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed that is not the input's fault (I/O, a crash in a native library). */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (picocli's own code). */
    public static final int USAGE = 2;
    /** Some input was refused: an image, a label name, an archive; the message names it and the reason. */
    public static final int INVALID_INPUT = 3;
    /** Something named does not exist: a model version, a label, an image, the backbone file. */
    public static final int NOT_FOUND = 4;
    /** The configuration file is invalid. */
    public static final int CONFIG = 5;

    private ExitCodes() {
    }
}
