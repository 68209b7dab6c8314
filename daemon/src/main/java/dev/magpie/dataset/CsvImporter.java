package dev.magpie.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Imports a CSV index in AutoML's format (option 2): {@code [set,]path_or_url[,label]} per line, where set is
 * TRAIN, VALIDATION, TEST or UNASSIGNED (VALIDATION becomes TEST) and an empty label sends the image to the inbox.
 * Relative paths are resolved against the CSV file's folder.
 */
public final class CsvImporter {

    private final DatasetStore store;
    private final CsvImportPolicy policy;
    private final HttpImageFetcher fetcher;
    private final ImportLimits limits;

    public CsvImporter(DatasetStore store, CsvImportPolicy policy, HttpImageFetcher fetcher, ImportLimits limits) {
        this.store = store;
        this.policy = policy;
        this.fetcher = fetcher;
        this.limits = limits;
    }

    private record Row(Split split, String location, Optional<LabelName> label) {
    }

    public ImportReport importCsv(Path csv, boolean allOrNothing) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            // Binary junk used to end as "Input length = 1" with exit code 1, as if Magpie had failed.
            throw new IllegalArgumentException("cannot read CSV index " + csv + ": it is not UTF-8 text (a binary file?)", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read CSV index " + csv + ": " + e.getMessage(), e);
        }
        List<Path> roots = realRoots();
        ImportBatch batch = new ImportBatch(store, allOrNothing);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && looksLikeHeader(line))) {
                continue;
            }
            List<String> fields = CsvLineParser.fields(line.replace("\uFEFF", ""));
            String name = "line " + (i + 1) + ": " + (fields.size() > 1 && Split.fromAutoMl(fields.get(0)).isPresent()
                    ? fields.get(1) : fields.get(0));
            Row row;
            try {
                row = parse(fields);
            } catch (IllegalArgumentException e) {
                batch.refuse(name, e.getMessage());
                continue;
            }
            try {
                byte[] bytes = read(row.location, csv.toAbsolutePath().getParent(), roots);
                batch.offer(name, new NewImage(bytes, row.label, row.split, row.location));
            } catch (FetchRefusedException e) {
                batch.refuse(name, e.getMessage());
            }
        }
        return batch.finish();
    }

    private static Row parse(List<String> fields) {
        Split split = Split.UNASSIGNED;
        List<String> rest = fields;
        Optional<Split> set = Split.fromAutoMl(fields.get(0));
        if (fields.size() > 1 && set.isPresent() && !fields.get(0).isEmpty()) {
            split = set.get();
            rest = fields.subList(1, fields.size());
        }
        if (rest.isEmpty() || rest.get(0).isEmpty()) {
            throw new IllegalArgumentException("no image path or URL; rows are [set,]path_or_url[,label]");
        }
        if (rest.size() > 2) {
            throw new IllegalArgumentException("more than one label (or bounding boxes); Magpie classifies one label per"
                    + " image, so rows are [set,]path_or_url[,label]");
        }
        Optional<LabelName> label = rest.size() == 2 && !rest.get(1).isEmpty()
                ? Optional.of(LabelName.of(rest.get(1)))
                : Optional.empty();
        return new Row(split, rest.get(0), label);
    }

    private byte[] read(String location, Path csvDir, List<Path> roots) throws FetchRefusedException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (!policy.urlsEnabled()) {
                throw new FetchRefusedException("URLs are disabled for CSV imports; download the images and list local"
                        + " paths, or allow URL import (magpie import --allow-urls)");
            }
            try {
                return fetcher.fetch(new URI(location));
            } catch (URISyntaxException e) {
                throw new FetchRefusedException("malformed URL: " + e.getMessage());
            }
        }
        if (lower.startsWith("gs://")) {
            throw new FetchRefusedException("Google Cloud Storage paths cannot be read on the device; download the"
                    + " images and list their local paths");
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new FetchRefusedException("only local paths and http(s) URLs are supported, not " + location);
        }
        return readLocal(csvDir.resolve(location), roots);
    }

    private byte[] readLocal(Path path, List<Path> roots) throws FetchRefusedException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FetchRefusedException("file not found: " + path + " (rows are [set,]path_or_url[,label];"
                    + " relative paths start at the CSV's folder)");
        } catch (IOException e) {
            throw new FetchRefusedException("cannot resolve " + path + ": " + e.getMessage());
        }
        // toRealPath follows every link, so a link inside a root that points outside it is caught here too.
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new FetchRefusedException("outside the allowed import folders " + roots + " (resolves to " + real
                    + "); move the images under an allowed folder or allow theirs (magpie import --allow-root DIR)");
        }
        if (!Files.isRegularFile(real)) {
            throw new FetchRefusedException("not a regular file: " + real);
        }
        try (InputStream in = Files.newInputStream(real)) {
            return BoundedReader.readAtMost(in, limits.maxFileBytes()).orElseThrow(() -> new FetchRefusedException(
                    "TOO_LARGE: over " + BoundedReader.megabytes(limits.maxFileBytes()) + " per image"));
        } catch (IOException e) {
            throw new FetchRefusedException("cannot read " + real + ": " + e.getMessage());
        }
    }

    private List<Path> realRoots() {
        List<Path> roots = new ArrayList<>();
        for (Path root : policy.allowedRoots()) {
            try {
                roots.add(root.toRealPath());
            } catch (IOException e) {
                // A configured root that does not exist allows nothing; the refusals will list the roots that do.
            }
        }
        return roots;
    }

    private static boolean looksLikeHeader(String line) {
        List<String> fields = CsvLineParser.fields(line.toLowerCase(Locale.ROOT));
        return fields.contains("label") || fields.contains("path") || fields.contains("image_path") || fields.contains("file");
    }
}
