package dev.magpie.learn;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Model versions under {@code dataDir/models/}: {@code v0001/} ... each holding {@link #FILES}, a {@code current}
 * file naming the version in use, and {@code history.json}, the versions that were current before (newest last),
 * which {@link #rollback()} walks back.
 * <p>
 * Crash safety: a version directory is written under a dot-prefixed temp name and renamed into place, so a version
 * either exists complete or not at all; {@link #list()} ignores dot-names, and {@link #removeLeftovers()} sweeps
 * them. {@code current} and {@code history.json} are replaced atomically. Deleting first renames the directory to a
 * dot-name. Methods are synchronized: one process owns a data directory.
 */
public final class ModelRegistry {

    public static final String HEAD = "head.onnx";
    public static final String LABELS = "labels.json";
    public static final String METRICS = "metrics.json";
    public static final String OPEN_SET = "openset.json";
    public static final String TRAINING = "training.json";
    public static final List<String> FILES = List.of(HEAD, LABELS, METRICS, OPEN_SET, TRAINING);

    /** Bounds an imported entry: a 1280 x 1000-label head is about 5 MB; JSON with PR curves a few MB. */
    static final long MAX_HEAD_BYTES = 64L << 20;
    static final long MAX_JSON_BYTES = 16L << 20;
    private static final int HISTORY_LIMIT = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d{4,9})");

    private final Path modelsDir;
    private final int embeddingWidth;
    private final ObjectMapper json;

    /**
     * @param embeddingWidth the backbone's embedding width; an imported head must take exactly this many inputs
     */
    public ModelRegistry(Path dataDir, int embeddingWidth, ObjectMapper json) {
        this.modelsDir = dataDir.resolve("models");
        this.embeddingWidth = embeddingWidth;
        this.json = json;
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** Writes a new version (not yet current) and returns its name. */
    public synchronized String create(ModelArtifacts artifacts) throws IOException {
        Files.createDirectories(modelsDir);
        String version = String.format("v%04d", highestVersionNumber() + 1);
        Path temp = Files.createTempDirectory(modelsDir, "." + version + "-");
        try {
            AtomicFiles.write(temp.resolve(HEAD), artifacts.headOnnx());
            AtomicFiles.write(temp.resolve(LABELS), json.writeValueAsBytes(artifacts.labels()));
            AtomicFiles.write(temp.resolve(METRICS), json.writeValueAsBytes(artifacts.metrics()));
            AtomicFiles.write(temp.resolve(OPEN_SET), json.writeValueAsBytes(artifacts.openSet()));
            AtomicFiles.write(temp.resolve(TRAINING), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(artifacts.training()));
            AtomicFiles.move(temp, modelsDir.resolve(version));
        } finally {
            if (Files.exists(temp)) {
                deleteTree(temp);
            }
        }
        return version;
    }

    /** Versions, oldest first, with headline metrics. */
    public synchronized List<ModelSummary> list() throws IOException {
        String current = current().orElse(null);
        List<ModelSummary> summaries = new ArrayList<>();
        for (String version : versions()) {
            Path dir = modelsDir.resolve(version);
            Metrics metrics = json.readValue(dir.resolve(METRICS).toFile(), Metrics.class);
            TrainingRecord training = json.readValue(dir.resolve(TRAINING).toFile(), TrainingRecord.class);
            summaries.add(new ModelSummary(version, version.equals(current), training.createdTime(), metrics.labels(),
                    metrics.heldOutRows(), metrics.accuracy(), metrics.macroF1(), metrics.meanAveragePrecision()));
        }
        return summaries;
    }

    /** The directory of a version. */
    public synchronized Path resolve(String version) throws IOException {
        List<String> versions = versions();
        if (!versions.contains(version)) {
            throw new UnknownModelVersionException(version, modelsDir, versions);
        }
        return modelsDir.resolve(version);
    }

    public synchronized ModelArtifacts read(String version) throws IOException {
        Path dir = resolve(version);
        return new ModelArtifacts(Files.readAllBytes(dir.resolve(HEAD)),
                json.readValue(dir.resolve(LABELS).toFile(), new TypeReference<List<String>>() { }),
                json.readValue(dir.resolve(METRICS).toFile(), Metrics.class),
                json.readValue(dir.resolve(OPEN_SET).toFile(), OpenSetRule.class),
                json.readValue(dir.resolve(TRAINING).toFile(), TrainingRecord.class));
    }

    public synchronized Optional<String> current() throws IOException {
        Path pointer = modelsDir.resolve("current");
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String version = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    /** Makes {@code version} current; the previous current one is remembered for {@link #rollback()}. */
    public synchronized void promote(String version) throws IOException {
        resolve(version);
        Optional<String> previous = current();
        if (previous.isPresent() && previous.get().equals(version)) {
            return;
        }
        if (previous.isPresent()) {
            List<String> history = history();
            history.add(previous.get());
            while (history.size() > HISTORY_LIMIT) {
                history.remove(0);
            }
            writeHistory(history);
        }
        writeCurrent(version);
    }

    /**
     * Makes the version that was current before the current one current again, and returns it.
     *
     * @throws IllegalStateException when there is nothing to roll back to
     */
    public synchronized String rollback() throws IOException {
        List<String> history = history();
        List<String> existing = versions();
        String current = current().orElse(null);
        while (!history.isEmpty()) {
            String candidate = history.remove(history.size() - 1);
            if (existing.contains(candidate) && !candidate.equals(current)) {
                writeHistory(history);
                writeCurrent(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no earlier model version to roll back to"
                + (current == null ? "" : "; " + current + " stays current"));
    }

    /**
     * Deletes a version that is not current.
     *
     * @throws IllegalStateException for the current version
     */
    public synchronized void delete(String version) throws IOException {
        Path dir = resolve(version);
        if (current().filter(version::equals).isPresent()) {
            throw new IllegalStateException(version + " is the current model and cannot be deleted; promote or roll back "
                    + "to another version first");
        }
        // Rename first so a crash mid-delete leaves a dot-name that list() ignores, never half a version.
        Path doomed = modelsDir.resolve(".deleting-" + version + "-" + System.nanoTime());
        AtomicFiles.move(dir, doomed);
        deleteTree(doomed);
        List<String> history = history();
        if (history.removeIf(version::equals)) {
            writeHistory(history);
        }
    }

    /** Writes a version's files into a zip (flat, fixed order) atomically. */
    public synchronized void exportZip(String version, Path zip) throws IOException {
        Path dir = resolve(version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : FILES) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(0L); // the same version exports to the same bytes
                out.putNextEntry(entry);
                out.write(Files.readAllBytes(dir.resolve(name)));
                out.closeEntry();
            }
        }
        AtomicFiles.write(zip, bytes.toByteArray());
    }

    /**
     * Checks a zip made by {@link #exportZip} (or by hand) and stores it as a new version, not current.
     *
     * @throws ModelImportException naming the problem; nothing is written then
     */
    public synchronized String importZip(Path zip) throws IOException {
        Map<String, byte[]> entries = readEntries(zip);
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (!entries.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelImportException(zip + " lacks " + String.join(", ", missing) + "; a model zip holds " + FILES);
        }
        ModelArtifacts artifacts;
        try {
            artifacts = new ModelArtifacts(entries.get(HEAD),
                    json.readValue(entries.get(LABELS), new TypeReference<List<String>>() { }),
                    json.readValue(entries.get(METRICS), Metrics.class),
                    json.readValue(entries.get(OPEN_SET), OpenSetRule.class),
                    json.readValue(entries.get(TRAINING), TrainingRecord.class));
        } catch (IOException | RuntimeException e) {
            throw new ModelImportException(zip + " has a malformed JSON file: " + e.getMessage(), e);
        }
        checkHead(zip, artifacts);
        for (ModelSummary existing : list()) {
            if (java.util.Arrays.equals(Files.readAllBytes(resolve(existing.version()).resolve(HEAD)), artifacts.headOnnx())) {
                throw new ModelImportException(zip + " holds the same model as " + existing.version()
                        + ", which is already here; nothing was imported");
            }
        }
        return create(artifacts);
    }

    /** Removes temp and half-deleted directories a crash left behind. Call at start-up. */
    public synchronized void removeLeftovers() throws IOException {
        if (!Files.isDirectory(modelsDir)) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(modelsDir, ".*")) {
            for (Path child : children) {
                deleteTree(child);
            }
        }
    }

    private void checkHead(Path zip, ModelArtifacts artifacts) throws ModelImportException {
        try (HeadModel head = HeadModel.load(artifacts.headOnnx())) {
            if (head.inputWidth() != embeddingWidth) {
                throw new ModelImportException(zip + ": head.onnx takes " + head.inputWidth() + "-wide embeddings but this "
                        + "backbone produces " + embeddingWidth + "; it was trained on another backbone");
            }
            if (head.labelCount() != artifacts.labels().size()) {
                throw new ModelImportException(zip + ": head.onnx has " + head.labelCount() + " outputs but labels.json lists "
                        + artifacts.labels().size() + " labels");
            }
        } catch (OrtException e) {
            throw new ModelImportException(zip + ": head.onnx does not load in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private Map<String, byte[]> readEntries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.contains("..") || name.startsWith("/") || name.startsWith("\\") || name.contains(":")) {
                    throw new ModelImportException(zip + ": entry '" + name + "' points outside the model directory; refused");
                }
                if (entry.isDirectory() || name.contains("/") || name.contains("\\") || !FILES.contains(name)) {
                    throw new ModelImportException(zip + ": unexpected entry '" + name + "'; a model zip holds only " + FILES
                            + " at its top level");
                }
                if (entries.containsKey(name)) {
                    throw new ModelImportException(zip + ": entry '" + name + "' appears twice");
                }
                entries.put(name, readBounded(in, name, name.equals(HEAD) ? MAX_HEAD_BYTES : MAX_JSON_BYTES, zip));
            }
        } catch (java.util.zip.ZipException e) {
            throw new ModelImportException(zip + " is not a readable zip: " + e.getMessage(), e);
        }
        return entries;
    }

    /** Counts real bytes rather than trusting the entry's declared size, which a hostile zip can fake. */
    private static byte[] readBounded(InputStream in, String name, long limit, Path zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            total += read;
            if (total > limit) {
                throw new ModelImportException(zip + ": entry '" + name + "' is larger than the " + (limit >> 20) + " MB allowed");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** Complete version directories, oldest first. */
    private List<String> versions() throws IOException {
        List<String> versions = new ArrayList<>();
        if (!Files.isDirectory(modelsDir)) {
            return versions;
        }
        try (Stream<Path> children = Files.list(modelsDir)) {
            children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> VERSION.matcher(name).matches())
                    .filter(name -> FILES.stream().allMatch(f -> Files.isRegularFile(modelsDir.resolve(name).resolve(f))))
                    .sorted(Comparator.comparingInt(ModelRegistry::number))
                    .forEach(versions::add);
        }
        return versions;
    }

    /** Counts every version name ever seen (directories, including a temp or deleting one, and history) so none is reused. */
    private int highestVersionNumber() throws IOException {
        int highest = 0;
        try (Stream<Path> children = Files.list(modelsDir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString().replaceFirst("^\\.(deleting-)?", "").replaceFirst("-.*$", "");
                if (VERSION.matcher(name).matches()) {
                    highest = Math.max(highest, number(name));
                }
            }
        }
        for (String version : history()) {
            highest = Math.max(highest, number(version));
        }
        return highest;
    }

    private static int number(String version) {
        return Integer.parseInt(version.substring(1));
    }

    private List<String> history() throws IOException {
        Path file = modelsDir.resolve("history.json");
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        return new ArrayList<>(json.readValue(file.toFile(), new TypeReference<List<String>>() { }));
    }

    private void writeHistory(List<String> history) throws IOException {
        AtomicFiles.write(modelsDir.resolve("history.json"), json.writeValueAsBytes(history));
    }

    private void writeCurrent(String version) throws IOException {
        AtomicFiles.writeString(modelsDir.resolve("current"), version + "\n");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
