package dev.magpie.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Imports a folder tree of label folders (AutoML Vision Edge option 1, unzipped). Symbolic links are refused. */
public final class FolderImporter {

    private final DatasetStore store;
    private final ImportLimits limits;

    public FolderImporter(DatasetStore store, ImportLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    public ImportReport importFolder(Path root, boolean allOrNothing) {
        ImportBatch batch = new ImportBatch(store, allOrNothing);
        List<Path> files = listFiles(root);
        List<List<String>> relevant = new ArrayList<>();
        for (Path file : files) {
            List<String> segments = segments(root.relativize(file));
            if (!LabelFolderLayout.ignored(segments)) {
                relevant.add(segments);
            }
        }
        LabelFolderLayout layout = LabelFolderLayout.of(relevant);
        for (List<String> segments : relevant) {
            String name = String.join("/", segments);
            Path file = root.resolve(name);
            if (Files.isSymbolicLink(file) || segments.size() > 1 && hasLinkedFolder(root, segments)) {
                batch.refuse(name, "symbolic links are not followed; copy the image itself into the folder");
                continue;
            }
            LabelFolderLayout.Placement placement = layout.place(segments);
            if (placement.refusal().isPresent()) {
                batch.refuse(name, placement.refusal().get());
                continue;
            }
            Optional<byte[]> bytes = read(file);
            if (bytes.isEmpty()) {
                batch.refuse(name, "TOO_LARGE: over " + BoundedReader.megabytes(limits.maxFileBytes()) + " per image");
                continue;
            }
            batch.offer(name, new NewImage(bytes.get(), placement.label(), placement.split(), file.toString()));
        }
        return batch.finish();
    }

    private static List<Path> listFiles(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatasetException("cannot import " + root + ": not a folder (symbolic links to folders are not followed)");
        }
        // Files.walk does not follow links by default, so a linked folder shows up as one non-directory entry.
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasLinkedFolder(Path root, List<String> segments) {
        Path dir = root;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            dir = dir.resolve(segment);
            if (Files.isSymbolicLink(dir)) {
                return true;
            }
        }
        return false;
    }

    private Optional<byte[]> read(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return BoundedReader.readAtMost(in, limits.maxFileBytes());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> segments(Path relative) {
        List<String> segments = new ArrayList<>();
        relative.forEach(p -> segments.add(p.toString()));
        return segments;
    }
}
