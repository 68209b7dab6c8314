package dev.magpie.web;

import dev.magpie.dataset.FolderImporter;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingRun;
import dev.magpie.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A real server whose current model was trained on the shared tree photos (hemlock, japanese_cherry). */
final class CustomVisionFixture {

    static final Path TREES = SharedFiles.datasets().resolve("azure-customvision-trees");
    static final UUID PROJECT = UUID.fromString("0c6a2d7e-3f1b-4f3a-9e55-6f1d2b7c8a90");

    private CustomVisionFixture() {
    }

    /** Starts the server, imports the photos, trains v0001 and makes it current. */
    static WebFixture trained(Path dataDir) throws Exception {
        WebFixture web = new WebFixture(dataDir);
        try {
            new FolderImporter(web.store, ImportLimits.DEFAULT).importFolder(TREES, false);
            String version = new TrainingRun(web.store, web.decoder, WebFixture.backbone(), web.registry,
                    TrainingOptions.defaults(7).withAugmentedViews(1), Clock.systemUTC()).run(ProgressListener.NONE).version();
            var promoted = web.runner.commands().promote(version);
            if (!promoted.ok()) {
                throw new IllegalStateException("promote " + version + ": " + promoted.message());
            }
            return web;
        } catch (Exception | Error e) {
            web.close();
            throw e;
        }
    }

    static Path photo(String label) throws Exception {
        try (Stream<Path> files = Files.list(TREES.resolve(label))) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            return sorted.get(0);
        }
    }

    static String classifyPath(String version, String publishedName, String input) {
        return "/customvision/" + version + "/Prediction/" + PROJECT + "/classify/iterations/" + publishedName + "/" + input;
    }
}
