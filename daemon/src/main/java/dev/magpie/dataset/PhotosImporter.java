package dev.magpie.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Imports loose photos, given as files or folders of them (folder names are ignored), either under one label or
 * unlabelled into the inbox (AutoML's option 3), where the owner labels them later.
 */
public final class PhotosImporter {

    private final DatasetStore store;
    private final ImportLimits limits;

    public PhotosImporter(DatasetStore store, ImportLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Every image anywhere under {@code folder}, into the inbox. */
    public ImportReport importFolder(Path folder, boolean allOrNothing) {
        return importPaths(List.of(folder), Optional.empty(), allOrNothing);
    }

    /**
     * Every image file in {@code paths}, and every image anywhere under the folders among them, under {@code label}
     * (or into the inbox when it is empty). Symbolic links are refused; hidden and macOS metadata files are skipped.
     */
    public ImportReport importPaths(List<Path> paths, Optional<LabelName> label, boolean allOrNothing) {
        ImportBatch batch = new ImportBatch(store, allOrNothing);
        for (Path path : paths) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                for (Path file : filesUnder(path)) {
                    List<String> segments = FolderImporter.segments(path.relativize(file));
                    if (!LabelFolderLayout.ignored(segments)) {
                        offer(batch, String.join("/", segments), file, label);
                    }
                }
            } else {
                offer(batch, path.toString(), path, label);
            }
        }
        return batch.finish();
    }

    private static List<Path> filesUnder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private void offer(ImportBatch batch, String name, Path file, Optional<LabelName> label) {
        if (Files.isSymbolicLink(file)) {
            batch.refuse(name, "symbolic links are not followed; copy the image itself into the folder");
            return;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            Optional<byte[]> bytes = BoundedReader.readAtMost(in, limits.maxFileBytes());
            if (bytes.isEmpty()) {
                batch.refuse(name, "TOO_LARGE: over " + BoundedReader.megabytes(limits.maxFileBytes()) + " per image");
            } else {
                batch.offer(name, new NewImage(bytes.get(), label, Split.UNASSIGNED, file.toString()));
            }
        } catch (IOException e) {
            batch.refuse(name, "cannot read: " + e.getMessage());
        }
    }
}
