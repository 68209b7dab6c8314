package dev.magpie.dataset;

import dev.magpie.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Brings files and index back into agreement after a crash. The store always writes the file before the row and
 * deletes the row before the file, so a crash leaves at worst a temp file, a file the index does not name, or (for a
 * move between folders) a named file in the wrong folder. This sweep removes the first two and moves the third back.
 * Files that do not look like Magpie's own ({@code <sha256>.<ext>}) were put there by someone else: they are moved
 * to {@code orphans/} rather than deleted.
 */
final class StartupSweep {

    private static final Logger log = LoggerFactory.getLogger(StartupSweep.class);

    private final DatasetLayout layout;
    private final DatasetIndex index;

    StartupSweep(DatasetLayout layout, DatasetIndex index) {
        this.layout = layout;
        this.index = index;
    }

    SweepReport run() throws IOException, SQLException {
        int temps = 0;
        int orphans = 0;
        int foreign = 0;
        int movedBack = 0;
        int rowsRemoved = 0;
        Map<String, List<Path>> bySha = new HashMap<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                Files.delete(file);
                log.info("removed temp file left by an interrupted write: {}", file);
                temps++;
            } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Sha256.isHex(shaOf(name))) {
                bySha.computeIfAbsent(shaOf(name), k -> new ArrayList<>()).add(file);
            } else {
                quarantine(file);
                foreign++;
            }
        }
        for (StoredImage image : index.all()) {
            Path expected = layout.fileFor(image);
            List<Path> candidates = bySha.getOrDefault(image.sha256(), new ArrayList<>());
            if (candidates.remove(expected)) {
                continue;
            }
            Path elsewhere = candidates.stream()
                    .filter(p -> p.getFileName().toString().equals(image.fileName())).findFirst().orElse(null);
            if (elsewhere != null) {
                candidates.remove(elsewhere);
                Files.createDirectories(expected.getParent());
                AtomicFiles.move(elsewhere, expected);
                log.warn("moved {} back to {} where the index says it belongs (a move was interrupted)", elsewhere, expected);
                movedBack++;
            } else {
                index.update("DELETE FROM images WHERE sha256 = ?", image.sha256());
                log.warn("removed index entry for {} (label {}): its file {} is missing", image.sha256(),
                        image.label().map(LabelName::value).orElse("inbox"), expected);
                rowsRemoved++;
            }
        }
        for (List<Path> unclaimed : bySha.values()) {
            for (Path file : unclaimed) {
                Files.delete(file);
                log.warn("removed {}: the index does not name it (an add was interrupted before its row was written,"
                        + " or a delete before its file was removed)", file);
                orphans++;
            }
        }
        removeEmptyFoldersOfUnknownLabels();
        SweepReport report = new SweepReport(temps, orphans, foreign, movedBack, rowsRemoved);
        if (!report.clean()) {
            log.info("start-up sweep of {}: {}", layout.dataDir(), report);
        }
        return report;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(layout.datasetDir(), layout.inboxDir())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
            }
        }
        return files;
    }

    private void quarantine(Path file) throws IOException {
        Path target = layout.dataDir().resolve("orphans").resolve(layout.dataDir().relativize(file));
        Files.createDirectories(target.getParent());
        AtomicFiles.move(file, target);
        log.warn("moved {} to {}: it is not a file Magpie stored (names are <sha256>.<ext>); add it through an import", file, target);
    }

    private void removeEmptyFoldersOfUnknownLabels() throws IOException, SQLException {
        if (!Files.isDirectory(layout.datasetDir())) {
            return;
        }
        List<Path> folders;
        try (Stream<Path> list = Files.list(layout.datasetDir())) {
            folders = list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        var labels = index.labelCounts().keySet().stream().map(LabelName::value).toList();
        for (Path folder : folders) {
            boolean empty;
            try (Stream<Path> entries = Files.list(folder)) {
                empty = entries.findAny().isEmpty();
            }
            if (empty && !labels.contains(folder.getFileName().toString())) {
                Files.delete(folder);
            }
        }
    }

    private static String shaOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
