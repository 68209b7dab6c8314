package dev.magpie.dataset;

import dev.magpie.vision.ImageFormat;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where things live under the data directory: {@code dataset/<label>/<sha256>.<ext>} (the AutoML "zip of label
 * folders" layout, so an export is a zip of this tree), {@code inbox/<sha256>.<ext>} and {@code magpie.db}.
 */
record DatasetLayout(Path dataDir) {

    Path datasetDir() {
        return dataDir.resolve("dataset");
    }

    Path inboxDir() {
        return dataDir.resolve("inbox");
    }

    Path database() {
        return dataDir.resolve("magpie.db");
    }

    Path labelDir(LabelName label) {
        return datasetDir().resolve(label.value());
    }

    Path folderFor(Optional<LabelName> label) {
        return label.map(this::labelDir).orElse(inboxDir());
    }

    Path fileFor(Optional<LabelName> label, String sha256, ImageFormat format) {
        return folderFor(label).resolve(sha256 + "." + format.extension());
    }

    Path fileFor(StoredImage image) {
        return fileFor(image.label(), image.sha256(), image.format());
    }
}
