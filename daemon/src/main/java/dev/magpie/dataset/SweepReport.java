package dev.magpie.dataset;

/** What the start-up sweep repaired after a crash or power cut; all zero after a clean shutdown. */
public record SweepReport(int tempFilesRemoved, int orphanFilesRemoved, int foreignFilesQuarantined,
                          int filesMovedBack, int rowsWithoutFileRemoved) {

    public boolean clean() {
        return tempFilesRemoved + orphanFilesRemoved + foreignFilesQuarantined + filesMovedBack + rowsWithoutFileRemoved == 0;
    }
}
