package dev.magpie.pipeline;

import dev.magpie.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JPEG of each event's start frame under {@code <data-dir>/snapshots/<id>.jpg}, the newest {@code keep}
 * of them, so an alert's picture can be fetched after the fact (web UI, {@code <zone>/snapshot}). A full disk costs
 * the snapshot, never the alert.
 */
public final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final Path dir;
    private final int keep;

    public SnapshotStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public void save(String id, byte[] jpeg) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("snapshot id must match " + ID + ", was " + id);
        }
        try {
            AtomicFiles.write(dir.resolve(id + ".jpg"), jpeg);
            prune();
        } catch (IOException e) {
            log.warn("Snapshot {} not saved: {}", id, e.getMessage());
        }
    }

    /** Removes temp files of snapshots a crash or power cut interrupted mid-write. Call at start-up. */
    public void removeLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path temp : list.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(temp);
                log.info("removed temp file left by an interrupted snapshot write: {}", temp);
            }
        } catch (IOException e) {
            log.warn("cannot clean up {}: {}", dir, e.getMessage());
        }
    }

    public Optional<byte[]> read(String id) throws IOException {
        if (!ID.matcher(id).matches()) {
            return Optional.empty(); // also keeps a request's id from naming a path outside the folder
        }
        Path file = dir.resolve(id + ".jpg");
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    private void prune() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
        }
        // Ids start with the capture time in milliseconds, so name order is age order.
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }
}
