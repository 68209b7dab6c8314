package dev.magpie.reliability;

import dev.magpie.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Checks a data directory from outside while Magpie is stopped: the SQLite index passes {@code PRAGMA
 * integrity_check}, every image row has its file at {@code dataset/<label>/<sha>.<ext>} or {@code inbox/<sha>.<ext>}
 * hashing to its sha256, no file is left that the index does not name, no temp file, no half-written model version,
 * and the current model's files exist. Problems are returned as sentences, none means the store is sound.
 */
final class StoreAudit {

    /** sha256 → label ("" for the inbox). */
    final Map<String, String> images = new TreeMap<>();
    final List<String> problems = new ArrayList<>();
    final Map<String, Long> rowCounts = new LinkedHashMap<>();
    Optional<String> currentModel = Optional.empty();

    private StoreAudit() {
    }

    static StoreAudit of(Path dataDir) throws IOException, SQLException {
        StoreAudit audit = new StoreAudit();
        audit.run(dataDir);
        return audit;
    }

    boolean sound() {
        return problems.isEmpty();
    }

    private void run(Path dataDir) throws IOException, SQLException {
        Path db = dataDir.resolve("magpie.db");
        Map<String, String> extensions = new TreeMap<>();
        if (Files.exists(db)) {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
                 Statement st = connection.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                    while (rs.next()) {
                        if (!"ok".equals(rs.getString(1))) {
                            problems.add("integrity_check: " + rs.getString(1));
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                    while (rs.next()) {
                        problems.add("foreign_key_check: " + rs.getString(1) + " row " + rs.getLong(2));
                    }
                }
                for (String table : List.of("labels", "images", "embeddings")) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rowCounts.put(table, rs.getLong(1));
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT sha256, label, format FROM images")) {
                    while (rs.next()) {
                        String label = rs.getString(2);
                        images.put(rs.getString(1), label == null ? "" : label);
                        extensions.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        List<Path> seen = new ArrayList<>();
        for (Map.Entry<String, String> image : images.entrySet()) {
            String sha = image.getKey();
            Path folder = image.getValue().isEmpty() ? dataDir.resolve("inbox")
                    : dataDir.resolve("dataset").resolve(image.getValue());
            Path file = findBySha(folder, sha);
            if (file == null) {
                problems.add("index names " + sha + " (" + label(image.getValue()) + ", " + extensions.get(sha)
                        + ") but " + folder + " has no file for it");
                continue;
            }
            seen.add(file);
            String actual = sha256(file);
            if (!actual.equals(sha)) {
                problems.add(file + " hashes to " + actual + ", not " + sha);
            }
        }
        for (Path root : List.of(dataDir.resolve("dataset"), dataDir.resolve("inbox"))) {
            for (Path file : files(root)) {
                if (!seen.contains(file)) {
                    problems.add("orphan file the index does not name: " + dataDir.relativize(file));
                }
            }
        }
        for (Path file : files(dataDir)) {
            if (file.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)) {
                problems.add("temp file left behind: " + dataDir.relativize(file));
            }
        }
        Path models = dataDir.resolve("models");
        if (Files.isDirectory(models)) {
            try (Stream<Path> list = Files.list(models)) {
                list.filter(p -> p.getFileName().toString().startsWith(".")).forEach(p ->
                        problems.add("half-written or half-deleted model version left behind: " + dataDir.relativize(p)));
            }
            Path pointer = models.resolve("current");
            if (Files.exists(pointer)) {
                String version = Files.readString(pointer).trim();
                currentModel = Optional.of(version);
                for (String name : List.of("head.onnx", "labels.json", "metrics.json", "openset.json", "training.json")) {
                    if (!Files.isRegularFile(models.resolve(version).resolve(name))) {
                        problems.add("current model " + version + " has no " + name);
                    }
                }
            }
        }
    }

    private static String label(String label) {
        return label.isEmpty() ? "inbox" : "label " + label;
    }

    private static Path findBySha(Path folder, String sha) throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().startsWith(sha + ".")).findFirst().orElse(null);
        }
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One hash over every file's path, size and content under {@code dataDir} (except the SQLite WAL and shared
     * memory files, which SQLite may rewrite on a read) plus the index's row counts: equal before and after means
     * an input changed nothing.
     */
    static String treeHash(Path dataDir) throws IOException, SQLException {
        StringBuilder all = new StringBuilder();
        for (Path file : files(dataDir)) {
            String name = dataDir.relativize(file).toString();
            // What the user stored: not the daemon's snapshots, MQTT persistence or logs, which a running daemon changes.
            if (!(name.startsWith("dataset/") || name.startsWith("inbox/") || name.startsWith("models/"))) {
                continue;
            }
            all.append(name).append(' ').append(sha256(file)).append('\n');
        }
        all.append(of(dataDir).rowCounts).append(of(dataDir).images);
        return sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
