package dev.magpie.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.vision.ImageFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite index of the dataset: labels, images, the embedding cache and the inbox metadata. Only SQL lives here; the store decides
 * the order of file and row changes. Not thread-safe: the store serialises access.
 */
final class DatasetIndex implements AutoCloseable {

    static final int SCHEMA_VERSION = 2;

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(DatasetIndex.class);

    private final Connection connection;
    private final ObjectMapper json = new ObjectMapper();

    private DatasetIndex(Connection connection) {
        this.connection = connection;
    }

    static DatasetIndex open(Path database) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try {
            try (Statement st = connection.createStatement()) {
                // WAL: readers never block the writer; FULL: a committed row survives a power cut, which matters
                // more here than the small cost per insert.
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=5000");
            }
            DatasetIndex index = new DatasetIndex(connection);
            index.createSchema();
            return index;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private void createSchema() throws SQLException {
        inTransaction(() -> {
            try (Statement st = connection.createStatement()) {
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("magpie.db has schema version " + version + " but this Magpie knows only up to "
                            + SCHEMA_VERSION + "; run a newer Magpie or restore a backup");
                }
                st.execute("CREATE TABLE IF NOT EXISTS labels (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS images ("
                        + " sha256 TEXT PRIMARY KEY,"
                        + " label TEXT REFERENCES labels(name) ON UPDATE CASCADE ON DELETE RESTRICT,"
                        + " split TEXT NOT NULL CHECK (split IN ('TRAIN','TEST','UNASSIGNED')),"
                        + " source TEXT NOT NULL,"
                        + " added_at INTEGER NOT NULL,"
                        + " format TEXT NOT NULL,"
                        + " width INTEGER NOT NULL,"
                        + " height INTEGER NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS images_by_label ON images(label)");
                st.execute("CREATE TABLE IF NOT EXISTS embeddings ("
                        + " sha256 TEXT NOT NULL REFERENCES images(sha256) ON DELETE CASCADE,"
                        + " embedder TEXT NOT NULL,"
                        + " view INTEGER NOT NULL,"
                        + " vector BLOB NOT NULL,"
                        + " PRIMARY KEY (sha256, embedder, view))");
                if (version < 2) {
                    migrateTo2(st, version);
                }
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
            return null;
        });
    }

    /**
     * Version 2 adds the metadata of frames the daemon collected into the inbox. A version 1 database gains the empty
     * table in place, inside the same transaction as the version bump, so a crash leaves version 1 or a complete 2.
     * The derived top1/margin columns exist so the inbox can be sorted by uncertainty in SQL.
     */
    private static void migrateTo2(Statement st, int from) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS inbox_meta ("
                + " sha256 TEXT PRIMARY KEY REFERENCES images(sha256) ON DELETE CASCADE,"
                + " zone TEXT NOT NULL,"
                + " captured_at INTEGER NOT NULL,"
                + " model TEXT NOT NULL,"
                + " scores TEXT NOT NULL,"
                + " reason TEXT NOT NULL,"
                + " top1 REAL NOT NULL,"
                + " margin REAL NOT NULL,"
                + " bytes INTEGER NOT NULL)");
        st.execute("CREATE INDEX IF NOT EXISTS inbox_meta_by_time ON inbox_meta(captured_at)");
        if (from > 0) {
            log.info("magpie.db upgraded from schema version {} to 2 (inbox metadata)", from);
        }
    }

    <T> T inTransaction(SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    Optional<StoredImage> find(String sha256) throws SQLException {
        List<StoredImage> found = query("SELECT * FROM images WHERE sha256 = ?", sha256);
        return found.stream().findFirst();
    }

    List<StoredImage> all() throws SQLException {
        return query("SELECT * FROM images ORDER BY added_at, sha256");
    }

    List<StoredImage> byLabel(LabelName label) throws SQLException {
        return query("SELECT * FROM images WHERE label = ? ORDER BY added_at, sha256", label.value());
    }

    List<StoredImage> inbox() throws SQLException {
        return query("SELECT * FROM images WHERE label IS NULL ORDER BY added_at, sha256");
    }

    /**
     * Creates the label if it is new. Refuses a new label that differs from an existing one only in letter case
     * ({@code Paper} next to {@code paper}): on a case-insensitive file system their folders would collide, and to a
     * person they are the same label.
     */
    void ensureLabel(LabelName label, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT name FROM labels WHERE name = ? COLLATE NOCASE AND name <> ?")) {
            ps.setString(1, label.value());
            ps.setString(2, label.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new InvalidLabelException("label '" + label + "' differs from the existing label '"
                            + rs.getString(1) + "' only in letter case; use '" + rs.getString(1) + "'");
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT OR IGNORE INTO labels(name, created_at) VALUES (?, ?)")) {
            ps.setString(1, label.value());
            ps.setLong(2, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    boolean labelExists(LabelName label) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM labels WHERE name = ?")) {
            ps.setString(1, label.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void insert(StoredImage image) throws SQLException {
        if (image.label().isPresent()) {
            ensureLabel(image.label().get(), image.addedAt());
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO images(sha256, label, split, source, added_at, format, width, height) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, image.sha256());
            ps.setString(2, image.label().map(LabelName::value).orElse(null));
            ps.setString(3, image.split().name());
            ps.setString(4, image.source());
            ps.setLong(5, image.addedAt().toEpochMilli());
            ps.setString(6, image.format().name());
            ps.setInt(7, image.width());
            ps.setInt(8, image.height());
            ps.executeUpdate();
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Every label with its image count, labels without images included, in name order. */
    Map<LabelName, Integer> labelCounts() throws SQLException {
        Map<LabelName, Integer> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT l.name, COUNT(i.sha256) FROM labels l LEFT JOIN images i ON i.label = l.name GROUP BY l.name ORDER BY l.name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(new LabelName(rs.getString(1)), rs.getInt(2));
            }
        }
        return counts;
    }

    int count(String table) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    Optional<float[]> embedding(String sha256, String embedderId, int view) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT vector FROM embeddings WHERE sha256 = ? AND embedder = ? AND view = ?")) {
            ps.setString(1, sha256);
            ps.setString(2, embedderId);
            ps.setInt(3, view);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(EmbeddingCodec.decode(rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    void putEmbeddings(Collection<Embedding> embeddings) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO embeddings(sha256, embedder, view, vector) VALUES (?,?,?,?)")) {
            for (Embedding e : embeddings) {
                ps.setString(1, e.sha256());
                ps.setString(2, e.embedderId());
                ps.setInt(3, e.view());
                ps.setBytes(4, EmbeddingCodec.encode(e.vector()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void insertMeta(String sha256, InboxMeta meta, long bytes) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO inbox_meta(sha256, zone, captured_at, model,"
                + " scores, reason, top1, margin, bytes) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, sha256);
            ps.setString(2, meta.zone());
            ps.setLong(3, meta.capturedAt().toEpochMilli());
            ps.setString(4, meta.model());
            ps.setString(5, scoresJson(meta.scores()));
            ps.setString(6, meta.reason());
            ps.setDouble(7, meta.topConfidence());
            ps.setDouble(8, meta.margin());
            ps.setLong(9, bytes);
            ps.executeUpdate();
        }
    }

    /** Inbox images with their metadata; collected ones first in {@code order}, then the rest oldest first. */
    List<InboxItem> inboxItems(InboxOrder order) throws SQLException {
        String sort = switch (order) {
            case LEAST_CONFIDENT -> "m.top1, m.margin";
            case SMALLEST_MARGIN -> "m.margin, m.top1";
            case OLDEST -> "m.captured_at";
        };
        String sql = "SELECT i.*, m.zone, m.captured_at, m.model, m.scores, m.reason FROM images i"
                + " LEFT JOIN inbox_meta m ON m.sha256 = i.sha256 WHERE i.label IS NULL"
                + " ORDER BY (m.sha256 IS NULL), " + sort + ", i.added_at, i.sha256";
        List<InboxItem> items = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredImage image = imageFrom(rs);
                Optional<InboxMeta> meta = rs.getString("zone") == null ? Optional.empty() : Optional.of(new InboxMeta(
                        rs.getString("zone"), Instant.ofEpochMilli(rs.getLong("captured_at")), rs.getString("model"),
                        scoresFrom(rs.getString("scores")), rs.getString("reason")));
                items.add(new InboxItem(image, meta));
            }
        }
        return items;
    }

    /** A collected inbox image's size, for the quota. */
    record Collected(String sha256, long bytes) {
    }

    /** Collected inbox images, oldest capture first. */
    List<Collected> collectedOldestFirst() throws SQLException {
        List<Collected> collected = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT m.sha256, m.bytes FROM inbox_meta m"
                + " JOIN images i ON i.sha256 = m.sha256 WHERE i.label IS NULL ORDER BY m.captured_at, m.sha256");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                collected.add(new Collected(rs.getString(1), rs.getLong(2)));
            }
        }
        return collected;
    }

    private String scoresJson(List<InboxMeta.Score> scores) throws SQLException {
        try {
            return json.writeValueAsString(scores);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode scores: " + e.getMessage(), e);
        }
    }

    private List<InboxMeta.Score> scoresFrom(String text) throws SQLException {
        try {
            return List.of(json.readValue(text, InboxMeta.Score[].class));
        } catch (JsonProcessingException e) {
            throw new SQLException("inbox_meta.scores is not valid JSON: " + e.getMessage(), e);
        }
    }

    private List<StoredImage> query(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<StoredImage> images = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    images.add(imageFrom(rs));
                }
            }
            return images;
        }
    }

    private static StoredImage imageFrom(ResultSet rs) throws SQLException {
        String label = rs.getString("label");
        return new StoredImage(
                rs.getString("sha256"),
                label == null ? Optional.empty() : Optional.of(new LabelName(label)),
                Split.valueOf(rs.getString("split")),
                rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("added_at")),
                ImageFormat.valueOf(rs.getString("format")),
                rs.getInt("width"),
                rs.getInt("height"));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
