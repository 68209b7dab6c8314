package dev.magpie.dataset;

import dev.magpie.io.AtomicFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageFormat;
import dev.magpie.vision.ImageRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The labelled dataset and the inbox: image files under the data directory plus their SQLite index. Frames the daemon
 * collected into the inbox carry {@link InboxMeta}, which leaves with them when they are labelled or deleted.
 *
 * <p>Invariants, kept across crashes: a file is written (atomically) before its row is committed, and a row is
 * deleted before its file, so the index never names a file that was not completely written. What a crash can leave
 * behind is cleaned by {@link StartupSweep} when the store opens. Images are content-addressed: the same bytes are
 * stored once, under at most one label.
 *
 * <p>Thread-safe: every public method is synchronized (one SQLite connection; writes are rare next to inference).
 */
public final class DatasetStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);

    private final DatasetLayout layout;
    private final DatasetIndex index;
    private final ImageDecoder decoder;
    private final Clock clock;
    private final SweepReport sweepReport;
    private boolean closed;

    private DatasetStore(DatasetLayout layout, DatasetIndex index, ImageDecoder decoder, Clock clock, SweepReport sweep) {
        this.layout = layout;
        this.index = index;
        this.decoder = decoder;
        this.clock = clock;
        this.sweepReport = sweep;
    }

    public static DatasetStore open(Path dataDir, ImageDecoder decoder) {
        return open(dataDir, decoder, Clock.systemUTC());
    }

    /** Opens (creating if needed) the dataset under {@code dataDir} and repairs what a crash left behind. */
    public static DatasetStore open(Path dataDir, ImageDecoder decoder, Clock clock) {
        DatasetLayout layout = new DatasetLayout(dataDir);
        DatasetIndex index = null;
        try {
            Files.createDirectories(layout.datasetDir());
            Files.createDirectories(layout.inboxDir());
            index = DatasetIndex.open(layout.database());
            SweepReport sweep = new StartupSweep(layout, index).run();
            return new DatasetStore(layout, index, decoder, clock, sweep);
        } catch (IOException | SQLException e) {
            closeQuietly(index);
            throw new DatasetException("cannot open the dataset in " + dataDir + ": " + describe(e) + "; "
                    + (diskFull(dataDir) ? "the disk holding it is full (no space left on device): free some space"
                    : "check that the directory can be created and written by this user"), e);
        }
    }

    /** SQLite reports a full disk at open as an unrelated error ("no transaction is active"); ask the file system. */
    private static boolean diskFull(Path dataDir) {
        try {
            return Files.getFileStore(dataDir).getUsableSpace() < 1024 * 1024; // SQLite needs its -wal and -shm files
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What the start-up sweep repaired when this store was opened. */
    public SweepReport sweepReport() {
        return sweepReport;
    }

    public AddResult addImage(byte[] bytes, LabelName label, String source) {
        return addAll(List.of(NewImage.labelled(bytes, label, Split.UNASSIGNED, source)), false).get(0);
    }

    public AddResult addToInbox(byte[] bytes, String source) {
        return addAll(List.of(NewImage.unlabelled(bytes, source)), false).get(0);
    }

    /**
     * Adds a frame the daemon collected, with why and where it was collected; the file, the image row and the
     * metadata row are stored together or not at all. Bytes already stored (in the inbox or under a label) are left
     * as they are, metadata included.
     */
    public synchronized AddResult addToInbox(byte[] bytes, String source, InboxMeta meta) {
        ensureOpen();
        Objects.requireNonNull(meta, "meta");
        List<Pending> pending = new ArrayList<>();
        AddResult result = check(0, NewImage.unlabelled(bytes, source), meta, new HashMap<>(), pending);
        if (pending.isEmpty()) {
            return result;
        }
        try {
            storeTogether(pending);
            return result;
        } catch (IOException | SQLException e) {
            log.warn("could not store collected frame {}: {}", result.sha256(), e.toString());
            return new AddResult(AddResult.Status.REJECTED, result.sha256(), "could not store the image: " + e.getMessage());
        }
    }

    /**
     * Adds images, returning one result per image in order. With {@code allOrNothing}, either every image that is
     * not a duplicate is stored, or (if any is rejected or conflicts, or a write fails) none is.
     */
    public synchronized List<AddResult> addAll(List<NewImage> images, boolean allOrNothing) {
        ensureOpen();
        List<AddResult> results = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Map<String, Optional<LabelName>> inBatch = new HashMap<>();
        for (NewImage image : images) {
            results.add(check(results.size(), image, null, inBatch, pending));
        }
        boolean anyFailed = results.stream().anyMatch(AddResult::failed);
        if (allOrNothing && anyFailed) {
            return notStored(results, "not stored: the batch is all-or-nothing and another file was refused");
        }
        if (allOrNothing) {
            try {
                storeTogether(pending);
            } catch (InvalidLabelException e) {
                return notStored(results, "not stored: the batch is all-or-nothing and " + e.getMessage());
            } catch (IOException | SQLException e) {
                log.warn("all-or-nothing batch of {} images not stored: {}", pending.size(), e.toString());
                return results.stream().map(r -> r.status() == AddResult.Status.ADDED ? new AddResult(AddResult.Status.REJECTED,
                    r.sha256(), "could not store the batch (" + e.getMessage() + "); nothing was kept") : r).toList();
            }
            return results;
        }
        for (Pending p : pending) {
            try {
                storeTogether(List.of(p));
            } catch (InvalidLabelException e) {
                // two new labels of one batch that differ only in case ('Paper', 'paper'): the second is refused
                results.set(p.position, new AddResult(AddResult.Status.REJECTED, p.image.sha256(), e.getMessage()));
            } catch (IOException | SQLException e) {
                log.warn("could not store {}: {}", p.image.sha256(), e.toString());
                results.set(p.position, new AddResult(AddResult.Status.REJECTED, p.image.sha256(),
                        "could not store the image: " + e.getMessage()));
            }
        }
        return results;
    }

    /** @param meta null unless the daemon collected the image */
    private record Pending(int position, StoredImage image, byte[] bytes, InboxMeta meta) {
    }

    private AddResult check(int position, NewImage image, InboxMeta meta, Map<String, Optional<LabelName>> inBatch,
                            List<Pending> pending) {
        String sha = Sha256.hex(image.bytes());
        ImageFormat format;
        int width;
        int height;
        try (DecodedImage decoded = decoder.decode(image.bytes())) {
            format = decoded.format();
            width = decoded.width();
            height = decoded.height();
        } catch (ImageRejectedException e) {
            return new AddResult(AddResult.Status.REJECTED, sha, e.reason() + ": " + e.getMessage());
        }
        try {
            Optional<StoredImage> stored = index.find(sha);
            if (stored.isPresent()) {
                return sameOrConflict(sha, image.label(), stored.get().label(), "already in the dataset");
            }
        } catch (SQLException e) {
            throw new DatasetException("cannot read the index: " + e.getMessage(), e);
        }
        Optional<LabelName> earlier = inBatch.get(sha);
        if (earlier != null) {
            return sameOrConflict(sha, image.label(), earlier, "appears earlier in this batch");
        }
        inBatch.put(sha, image.label());
        StoredImage row = new StoredImage(sha, image.label(), image.split(), image.source(), clock.instant(), format, width, height);
        pending.add(new Pending(position, row, image.bytes(), meta));
        return new AddResult(AddResult.Status.ADDED, sha, "added " + where(image.label()));
    }

    private static AddResult sameOrConflict(String sha, Optional<LabelName> wanted, Optional<LabelName> already, String what) {
        if (wanted.equals(already)) {
            return new AddResult(AddResult.Status.DUPLICATE, sha, "duplicate: " + what + " " + where(already));
        }
        return new AddResult(AddResult.Status.CONFLICT, sha, "conflict: the same image " + what + " " + where(already)
                + ", not " + where(wanted) + "; an image can have only one label (relabel it instead)");
    }

    private static String where(Optional<LabelName> label) {
        return label.map(l -> "under label '" + l + "'").orElse("in the inbox");
    }

    private static List<AddResult> notStored(List<AddResult> results, String message) {
        return results.stream()
                .map(r -> r.status() == AddResult.Status.ADDED ? new AddResult(AddResult.Status.NOT_STORED, r.sha256(), message) : r)
                .toList();
    }

    /** Writes every file, then commits every row in one transaction; on any failure removes the files it created. */
    private void storeTogether(List<Pending> batch) throws IOException, SQLException {
        List<Path> created = new ArrayList<>();
        try {
            for (Pending p : batch) {
                Path file = layout.fileFor(p.image);
                boolean existed = Files.exists(file);
                AtomicFiles.write(file, p.bytes);
                if (!existed) {
                    created.add(file);
                }
            }
            index.inTransaction(() -> {
                for (Pending p : batch) {
                    index.insert(p.image);
                    if (p.meta != null) {
                        index.insertMeta(p.image.sha256(), p.meta, p.bytes.length);
                    }
                }
                return null;
            });
        } catch (IOException | SQLException | RuntimeException e) {
            for (Path file : created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);   // the start-up sweep removes it later
                }
            }
            throw e;
        }
    }

    /** Moves an inbox image under a label (the label is created if new). */
    public synchronized StoredImage labelInboxItem(String sha256, LabelName label) {
        ensureOpen();
        try {
            StoredImage image = index.find(sha256).orElseThrow(() -> new UnknownImageException(sha256));
            if (!image.inInbox()) {
                throw new DatasetException("image " + sha256 + " is not in the inbox: it is already labelled '"
                        + image.label().get() + "'; use relabel to change it");
            }
            StoredImage labelled = withLabel(image, Optional.of(label));
            moveWithRow(image, labelled, () -> {
                index.ensureLabel(label, clock.instant());
                index.update("UPDATE images SET label = ? WHERE sha256 = ?", label.value(), sha256);
                // Collection metadata describes an inbox item; once labelled, the label is the answer.
                index.update("DELETE FROM inbox_meta WHERE sha256 = ?", sha256);
            });
            return labelled;
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot label " + sha256 + " as '" + label + "': " + e.getMessage(), e);
        }
    }

    /** Gives a labelled image another label, or sends it back to the inbox when {@code label} is empty. */
    public synchronized StoredImage relabel(String sha256, Optional<LabelName> label) {
        ensureOpen();
        try {
            StoredImage image = index.find(sha256).orElseThrow(() -> new UnknownImageException(sha256));
            if (image.label().equals(label)) {
                return image;
            }
            StoredImage moved = withLabel(image, label);
            moveWithRow(image, moved, () -> {
                if (label.isPresent()) {
                    index.ensureLabel(label.get(), clock.instant());
                }
                index.update("UPDATE images SET label = ? WHERE sha256 = ?", label.map(LabelName::value).orElse(null), sha256);
                index.update("DELETE FROM inbox_meta WHERE sha256 = ?", sha256);
            });
            return moved;
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot relabel " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface RowChange {
        void apply() throws SQLException;
    }

    /**
     * Moves the file first, then commits the row; if the commit fails the file is moved back. A crash in between
     * leaves the file where the row does not expect it, and the start-up sweep moves it back.
     */
    private void moveWithRow(StoredImage from, StoredImage to, RowChange change) throws IOException, SQLException {
        Path source = layout.fileFor(from);
        Path target = layout.fileFor(to);
        Files.createDirectories(target.getParent());
        AtomicFiles.move(source, target);
        try {
            index.inTransaction(() -> {
                change.apply();
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            AtomicFiles.move(target, source);
            throw e;
        }
    }

    private static StoredImage withLabel(StoredImage image, Optional<LabelName> label) {
        return new StoredImage(image.sha256(), label, image.split(), image.source(), image.addedAt(), image.format(),
                image.width(), image.height());
    }

    /** Creates an empty label (a no-op if it exists). */
    public synchronized void createLabel(LabelName label) {
        ensureOpen();
        try {
            index.inTransaction(() -> {
                index.ensureLabel(label, clock.instant());
                return null;
            });
        } catch (SQLException e) {
            throw new DatasetException("cannot create label '" + label + "': " + e.getMessage(), e);
        }
    }

    public synchronized List<LabelName> labels() {
        return List.copyOf(labelCounts().keySet());
    }

    /** Every label with its number of images, empty labels included, in name order. */
    public synchronized Map<LabelName, Integer> labelCounts() {
        ensureOpen();
        try {
            return index.labelCounts();
        } catch (SQLException e) {
            throw new DatasetException("cannot read labels: " + e.getMessage(), e);
        }
    }

    /** Every image, labelled and inbox, oldest first. */
    public synchronized List<StoredImage> images() {
        ensureOpen();
        return read(index::all);
    }

    public synchronized List<StoredImage> images(LabelName label) {
        ensureOpen();
        return read(() -> index.byLabel(label));
    }

    public synchronized List<StoredImage> inbox() {
        ensureOpen();
        return read(index::inbox);
    }

    /** Inbox images with their collection metadata, collected ones first in {@code order}. */
    public synchronized List<InboxItem> inboxItems(InboxOrder order) {
        ensureOpen();
        return read(() -> index.inboxItems(order));
    }

    /**
     * Evicts collected inbox images, oldest capture first, until both limits of {@code quota} hold. Images added by
     * hand or by an import are never evicted. Rows go in one transaction before their files (as in
     * {@link #deleteImage}), so a crash leaves at worst orphan files for the start-up sweep.
     *
     * @return the sha256 of every evicted image, oldest first
     */
    public synchronized List<String> trimCollectedInbox(InboxQuota quota) {
        ensureOpen();
        try {
            List<DatasetIndex.Collected> collected = index.collectedOldestFirst();
            long count = collected.size();
            long bytes = 0;
            for (DatasetIndex.Collected c : collected) {
                bytes += c.bytes();
            }
            List<StoredImage> evict = new ArrayList<>();
            for (DatasetIndex.Collected c : collected) {
                if (count <= quota.maxItems() && bytes <= quota.maxBytes()) {
                    break;
                }
                index.find(c.sha256()).ifPresent(evict::add);
                count--;
                bytes -= c.bytes();
            }
            if (evict.isEmpty()) {
                return List.of();
            }
            index.inTransaction(() -> {
                for (StoredImage image : evict) {
                    index.update("DELETE FROM images WHERE sha256 = ?", image.sha256());
                }
                return null;
            });
            List<String> evicted = new ArrayList<>();
            for (StoredImage image : evict) {
                Files.deleteIfExists(layout.fileFor(image));
                evicted.add(image.sha256());
            }
            return evicted;
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot trim the inbox to " + quota + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<StoredImage> find(String sha256) {
        ensureOpen();
        return read(() -> index.find(sha256));
    }

    /** The original bytes of a stored image, exactly as they were added. */
    public synchronized byte[] readBytes(StoredImage image) {
        ensureOpen();
        Path file = layout.fileFor(image);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read image " + image.sha256() + " from " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void setSplit(String sha256, Split split) {
        ensureOpen();
        try {
            int changed = index.inTransaction(() -> index.update("UPDATE images SET split = ? WHERE sha256 = ?", split.name(), sha256));
            if (changed == 0) {
                throw new UnknownImageException(sha256);
            }
        } catch (SQLException e) {
            throw new DatasetException("cannot set split of " + sha256 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the split training chose for images that had none, in one transaction, so later runs keep the same
     * held-out images and their scores stay comparable. Unknown ids are skipped (deleted meanwhile).
     */
    public synchronized void setSplits(Map<String, Split> splits) {
        ensureOpen();
        try {
            index.inTransaction(() -> {
                int changed = 0;
                for (Map.Entry<String, Split> entry : splits.entrySet()) {
                    changed += index.update("UPDATE images SET split = ? WHERE sha256 = ?", entry.getValue().name(), entry.getKey());
                }
                return changed;
            });
        } catch (SQLException e) {
            throw new DatasetException("cannot record the training split: " + e.getMessage(), e);
        }
    }

    /** Why these bytes would be refused (format, size, pixel count, truncation), without decoding or storing them. */
    public Optional<String> refusal(byte[] bytes) {
        try {
            decoder.inspect(bytes);
            return Optional.empty();
        } catch (ImageRejectedException e) {
            return Optional.of(e.reason() + ": " + e.getMessage());
        }
    }

    /** Removes an image, its file and its cached embeddings. */
    public synchronized void deleteImage(String sha256) {
        ensureOpen();
        try {
            StoredImage image = index.find(sha256).orElseThrow(() -> new UnknownImageException(sha256));
            // Row first: a crash before the file goes leaves an orphan file, which the start-up sweep removes.
            index.inTransaction(() -> index.update("DELETE FROM images WHERE sha256 = ?", sha256));
            Files.deleteIfExists(layout.fileFor(image));
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot delete image " + sha256 + ": " + e.getMessage(), e);
        }
    }

    /** Renames a label and its folder. Refuses to merge into an existing label. */
    public synchronized void renameLabel(LabelName from, LabelName to) {
        ensureOpen();
        try {
            if (!index.labelExists(from)) {
                throw new UnknownLabelException(from);
            }
            if (index.labelExists(to)) {
                throw new DatasetException("cannot rename '" + from + "' to '" + to + "': label '" + to
                        + "' already exists; merge them instead (move the images, then delete '" + from + "')");
            }
            Path source = layout.labelDir(from);
            Path target = layout.labelDir(to);
            boolean hasFolder = Files.isDirectory(source);
            if (hasFolder) {
                AtomicFiles.move(source, target);
            }
            try {
                // ON UPDATE CASCADE carries the new name to every image row in the same statement.
                index.inTransaction(() -> index.update("UPDATE labels SET name = ? WHERE name = ?", to.value(), from.value()));
            } catch (SQLException | RuntimeException e) {
                if (hasFolder) {
                    AtomicFiles.move(target, source);
                }
                throw e;
            }
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot rename label '" + from + "' to '" + to + "': " + e.getMessage(), e);
        }
    }

    /** Deletes a label with all its images and their files. */
    public synchronized void deleteLabel(LabelName label) {
        ensureOpen();
        try {
            if (!index.labelExists(label)) {
                throw new UnknownLabelException(label);
            }
            index.inTransaction(() -> {
                index.update("DELETE FROM images WHERE label = ?", label.value());
                return index.update("DELETE FROM labels WHERE name = ?", label.value());
            });
            Path folder = layout.labelDir(label);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(folder);
            }
        } catch (IOException | SQLException e) {
            throw new DatasetException("cannot delete label '" + label + "': " + e.getMessage(), e);
        }
    }

    public synchronized Optional<float[]> cachedEmbedding(String sha256, String embedderId, int view) {
        ensureOpen();
        return read(() -> index.embedding(sha256, embedderId, view));
    }

    public void putEmbedding(String sha256, String embedderId, int view, float[] vector) {
        putEmbeddings(List.of(new Embedding(sha256, embedderId, view, vector)));
    }

    /** Caches embeddings in one transaction; replaces any vector cached for the same image, embedder and view. */
    public synchronized void putEmbeddings(Collection<Embedding> embeddings) {
        ensureOpen();
        try {
            index.inTransaction(() -> {
                index.putEmbeddings(embeddings);
                return null;
            });
        } catch (SQLException e) {
            throw new DatasetException("cannot cache " + embeddings.size() + " embeddings (is every image still in the"
                    + " dataset?): " + e.getMessage(), e);
        }
    }

    /**
     * A SHA-256 over the sorted (image sha256, label) pairs of every labelled image: equal fingerprints mean equal
     * training data, so training.json can record exactly what a model was trained on. Splits and the inbox are not
     * part of it.
     */
    public synchronized String fingerprint() {
        ensureOpen();
        MessageDigest digest = Sha256.digest();
        read(index::all).stream()
                .filter(i -> i.label().isPresent())
                .map(i -> i.sha256() + "\t" + i.label().get().value() + "\n")
                .sorted()
                .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Row counts, for health pages and for tests that check a refused import changed nothing. */
    public synchronized Map<String, Integer> rowCounts() {
        ensureOpen();
        Map<String, Integer> counts = new HashMap<>();
        for (String table : List.of("labels", "images", "embeddings", "inbox_meta")) {
            counts.put(table, read(() -> index.count(table)));
        }
        return counts;
    }

    public Path dataDir() {
        return layout.dataDir();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(index);
    }

    private <T> T read(DatasetIndex.SqlWork<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new DatasetException("cannot read the dataset index: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the dataset store is closed");
        }
    }

    private static void closeQuietly(DatasetIndex index) {
        if (index == null) {
            return;
        }
        try {
            index.close();
        } catch (SQLException e) {
            log.warn("closing the dataset index failed: {}", e.toString());
        }
    }

    /** File-system exceptions often carry only the path as their message; say what kind of failure it was. */
    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + message + ")";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + message + ")";
        }
        return e.getClass().getSimpleName() + ": " + message;
    }
}
