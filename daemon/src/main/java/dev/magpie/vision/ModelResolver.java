package dev.magpie.vision;

import dev.magpie.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a model file: an explicit path, then the data directory's cache, then each directory of
 * {@code MAGPIE_MODEL_PATH}, then a download from the upstream URL into the cache. Every copy found in a shared
 * place or downloaded must match the spec's sha256; a mismatching file is skipped with a warning, never used.
 */
public final class ModelResolver {

    /** Environment variable: directories (separated by ':') holding {@code <name>/<file>} or {@code <file>}. */
    public static final String MODEL_PATH_VARIABLE = "MAGPIE_MODEL_PATH";

    private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

    private final Path cacheDir;
    private final List<Path> searchPath;
    private final boolean downloadAllowed;
    private final Duration downloadTimeout;

    /**
     * @param cacheDir where downloads go ({@code <data-dir>/cache/models})
     * @param searchPath directories from {@code MAGPIE_MODEL_PATH}
     * @param downloadAllowed false on an offline board: then a missing file is an error, not a download
     */
    public ModelResolver(Path cacheDir, List<Path> searchPath, boolean downloadAllowed, Duration downloadTimeout) {
        this.cacheDir = cacheDir;
        this.searchPath = List.copyOf(searchPath);
        this.downloadAllowed = downloadAllowed;
        this.downloadTimeout = downloadTimeout;
    }

    /** Splits a {@code MAGPIE_MODEL_PATH} value; null or blank gives an empty list. */
    public static List<Path> parseSearchPath(String value) {
        List<Path> dirs = new ArrayList<>();
        if (value == null) {
            return dirs;
        }
        for (String part : value.split(":")) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part.trim()));
            }
        }
        return dirs;
    }

    public Path resolve(ModelSpec spec, Optional<Path> explicitPath) throws ModelNotFoundException {
        if (explicitPath.isPresent()) {
            Path path = explicitPath.get();
            if (!Files.isRegularFile(path)) {
                throw new ModelNotFoundException("the model file " + path + " given in the configuration does not exist", null);
            }
            return path; // an explicit file is the user's own choice of model; it is not held to the default's digest
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(cacheDir.resolve(spec.name()).resolve(spec.fileName()));
        for (Path dir : searchPath) {
            candidates.add(dir.resolve(spec.name()).resolve(spec.fileName()));
            candidates.add(dir.resolve(spec.fileName()));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                if (hasDigest(candidate, spec.sha256())) {
                    return candidate;
                }
                log.warn("Skipping {}: its sha256 is not {} (a partial download or another version)", candidate, spec.sha256());
            }
        }
        if (!downloadAllowed) {
            throw new ModelNotFoundException(notFoundMessage(spec, candidates, "downloads are disabled (offline mode)"), null);
        }
        try {
            return download(spec);
        } catch (IOException e) {
            throw new ModelNotFoundException(notFoundMessage(spec, candidates, "the download failed: " + describe(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelNotFoundException(notFoundMessage(spec, candidates, "the download was interrupted"), e);
        }
    }

    private Path download(ModelSpec spec) throws IOException, InterruptedException {
        Path target = cacheDir.resolve(spec.name()).resolve(spec.fileName());
        log.info("Downloading {} from {} (once; it is cached in {})", spec.fileName(), spec.source(), target.getParent());
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(downloadTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? downloadTimeout : Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(spec.source()).timeout(downloadTimeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + spec.source());
            }
            // Read one byte past the expected size so an oversized answer is caught without reading all of it.
            bytes = body.readNBytes((int) spec.sizeBytes() + 1);
        }
        if (bytes.length != spec.sizeBytes()) {
            throw new IOException("expected " + spec.sizeBytes() + " bytes from " + spec.source() + ", got "
                    + (bytes.length > spec.sizeBytes() ? "more" : bytes.length));
        }
        String digest = sha256(bytes);
        if (!digest.equals(spec.sha256())) {
            throw new IOException("the downloaded file's sha256 is " + digest + ", expected " + spec.sha256()
                    + "; nothing was saved");
        }
        AtomicFiles.write(target, bytes);
        return target;
    }

    /** Network exceptions often carry no message; name the kind of failure so the user knows where to look. */
    private static String describe(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException) {
            return "cannot connect (" + e.getClass().getSimpleName() + "; is this board offline)";
        }
        return e.getClass().getSimpleName();
    }

    private static String notFoundMessage(ModelSpec spec, List<Path> looked, String why) {
        StringBuilder sb = new StringBuilder();
        sb.append("The model file ").append(spec.fileName()).append(" (").append(spec.name()).append(") was not found, and ")
                .append(why).append(".\nLooked in:");
        for (Path path : looked) {
            sb.append("\n  ").append(path);
        }
        sb.append("\nFix: set ").append(MODEL_PATH_VARIABLE).append(" to a directory that holds ").append(spec.name())
                .append('/').append(spec.fileName()).append(", or download it from ").append(spec.source())
                .append(" (sha256 ").append(spec.sha256()).append(") into one of the places above.");
        return sb.toString();
    }

    static boolean hasDigest(Path file, String expected) {
        try {
            return sha256(Files.readAllBytes(file)).equals(expected);
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", file, e.getMessage());
            return false;
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
