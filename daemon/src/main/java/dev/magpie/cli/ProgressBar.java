package dev.magpie.cli;

import dev.magpie.learn.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws training progress on stderr: a redrawn bar on a terminal, or one line per phase and every 25 % when the
 * output is a log file or a pipe (systemd's journal, CI), where carriage returns make a mess.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private Phase phase;
    private int lastQuarter = -1;

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressBar forStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public void progress(Phase newPhase, long done, long total) {
        if (newPhase != phase) {
            if (phase != null && terminal) {
                err.println();
            }
            phase = newPhase;
            lastQuarter = -1;
        }
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        String label = newPhase.name().toLowerCase(Locale.ROOT);
        if (terminal) {
            int filled = (int) Math.round(fraction * WIDTH);
            err.printf(Locale.ROOT, "\r%-10s [%s%s] %3d%% %d/%d", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                    Math.round(fraction * 100), done, total);
            err.flush();
        } else {
            int quarter = (int) (fraction * 4);
            if (quarter != lastQuarter) {
                lastQuarter = quarter;
                err.printf(Locale.ROOT, "%s: %d/%d (%d%%)%n", label, done, total, Math.round(fraction * 100));
            }
        }
    }

    void finish() {
        if (terminal && phase != null) {
            err.println();
        }
    }
}
