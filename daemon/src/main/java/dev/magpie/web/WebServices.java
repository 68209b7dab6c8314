package dev.magpie.web;

import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingRun;
import dev.magpie.vision.Embedder;
import dev.magpie.vision.ImageDecoder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the web layer works on, all opened and closed by its caller ({@code magpie run}): the dataset, decoder,
 * backbone and registry the daemon also uses (never a second SQLite connection or ONNX session), the running daemon
 * (across reloads), the configuration file the zone and rule routes rewrite, and a maker of training runs.
 */
public record WebServices(Path dataDir, DatasetStore store, ImageDecoder decoder, Embedder embedder,
                          ModelRegistry registry, Supplier<TrainingRun> trainingRuns, DaemonRunner runner,
                          Optional<Path> configFile, Map<String, String> environment, Clock clock,
                          WebMetrics metrics) {

    /** The daemon running now (a reload replaces it). */
    public Daemon daemon() {
        return runner.daemon();
    }
}
