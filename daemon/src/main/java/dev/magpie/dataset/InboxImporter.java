package dev.magpie.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Imports unlabelled images (AutoML option 3) into the inbox, where the owner labels them later. */
public final class InboxImporter {

    private final DatasetStore store;
    private final ImportLimits limits;

    public InboxImporter(DatasetStore store, ImportLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Every image anywhere under {@code folder}; folder names are ignored. Symbolic links are refused. */
    public ImportReport importFolder(Path folder, boolean allOrNothing) {
        ImportBatch batch = new ImportBatch(store, allOrNothing);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            List<String> segments = FolderImporter.segments(folder.relativize(file));
            if (LabelFolderLayout.ignored(segments)) {
                continue;
            }
            String name = String.join("/", segments);
            if (Files.isSymbolicLink(file)) {
                batch.refuse(name, "symbolic links are not followed; copy the image itself into the folder");
                continue;
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                Optional<byte[]> bytes = BoundedReader.readAtMost(in, limits.maxFileBytes());
                if (bytes.isEmpty()) {
                    batch.refuse(name, "TOO_LARGE: over " + BoundedReader.megabytes(limits.maxFileBytes()) + " per image");
                } else {
                    batch.offer(name, NewImage.unlabelled(bytes.get(), file.toString()));
                }
            } catch (IOException e) {
                batch.refuse(name, "cannot read: " + e.getMessage());
            }
        }
        return batch.finish();
    }
}
