package dev.magpie.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports a zip of label folders (AutoML Vision Edge option 1). Nothing is extracted to disk by entry name: each
 * entry is inflated into memory under the {@link ImportLimits} caps and handed to the store, which names files by
 * content hash. Entries that would be dangerous to an unzip tool (parent-directory escapes, absolute paths,
 * symbolic links) are refused anyway, so a refused archive reads the same here as anywhere else.
 */
public final class ZipImporter {

    private static final Set<String> ARCHIVE_EXTENSIONS = Set.of("zip", "jar", "7z", "rar", "tar", "gz", "tgz", "bz2", "xz");

    private final DatasetStore store;
    private final ImportLimits limits;

    public ZipImporter(DatasetStore store, ImportLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    public ImportReport importZip(Path zip, boolean allOrNothing) {
        ImportBatch batch = new ImportBatch(store, allOrNothing);
        String archive = zip.getFileName().toString();
        Set<String> links;
        try {
            links = ZipCentralDirectory.symlinkEntries(zip);
        } catch (IOException e) {
            batch.refuse(archive, "cannot read the archive: " + e.getMessage());
            return batch.finish();
        }
        try (ZipFile zipFile = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            if (zipFile.size() > limits.maxEntries()) {
                batch.refuse(archive, "the archive has " + zipFile.size() + " entries; the limit is " + limits.maxEntries());
                return batch.finish();
            }
            List<? extends ZipEntry> entries = Collections.list(zipFile.entries());
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ZipEntry entry : entries) {
                if (!names.add(entry.getName())) {
                    // ZipFile finds only one of them by name, so the other's bytes are never what was checked.
                    batch.refuse(archive, "the archive holds more than one entry named " + entry.getName()
                            + "; an archive with duplicate names is ambiguous, make it again");
                    return batch.finish();
                }
            }
            LabelFolderLayout layout = LabelFolderLayout.of(entries.stream()
                    .filter(e -> !e.isDirectory() && unsafe(e.getName()).isEmpty())
                    .map(e -> segments(e.getName()))
                    .filter(s -> !LabelFolderLayout.ignored(s))
                    .toList());
            long total = 0;
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                Optional<String> unsafe = unsafe(name);
                if (unsafe.isPresent()) {
                    batch.refuse(name, unsafe.get());
                    continue;
                }
                List<String> segments = segments(name);
                if (entry.isDirectory() || LabelFolderLayout.ignored(segments)) {
                    continue;
                }
                if (links.contains(name)) {
                    batch.refuse(name, "symbolic link entries are refused; put the image itself in the archive");
                    continue;
                }
                if (ARCHIVE_EXTENSIONS.contains(extension(name))) {
                    batch.refuse(name, "nested archives are not imported; unpack it and import its contents");
                    continue;
                }
                LabelFolderLayout.Placement placement = layout.place(segments);
                if (placement.refusal().isPresent()) {
                    batch.refuse(name, placement.refusal().get());
                    continue;
                }
                Inflated inflated = inflate(zipFile, entry, limits.maxTotalBytes() - total);
                total += inflated.bytesRead;
                if (inflated.refusal != null) {
                    batch.refuse(name, inflated.refusal);
                    if (inflated.stopArchive) {
                        batch.refuse(archive, "import stopped: " + inflated.refusal);
                        break;
                    }
                    continue;
                }
                if (isZip(inflated.bytes)) {
                    batch.refuse(name, "nested archives are not imported; unpack it and import its contents");
                    continue;
                }
                batch.offer(name, new NewImage(inflated.bytes, placement.label(), placement.split(), zip + "!/" + name));
            }
        } catch (ZipException e) {
            batch.refuse(archive, "cannot read the archive: " + e.getMessage());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + zip + ": " + e.getMessage(), e);
        }
        return batch.finish();
    }

    private record Inflated(byte[] bytes, long bytesRead, String refusal, boolean stopArchive) {
    }

    /** Inflates one entry, counting bytes as they come: the sizes in the headers are the attacker's to choose. */
    private Inflated inflate(ZipFile zipFile, ZipEntry entry, long totalLeft) throws IOException {
        long compressed = Math.max(entry.getCompressedSize(), 1);
        long ratioCap = (long) Math.min(Long.MAX_VALUE / 2.0, limits.maxCompressionRatio() * compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        try (InputStream in = zipFile.getInputStream(entry)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                read += n;
                if (read > totalLeft) {
                    return new Inflated(null, read, "ZIP_BOMB: the archive inflates to more than "
                            + BoundedReader.megabytes(limits.maxTotalBytes()) + " in total", true);
                }
                if (read > ratioCap && read > buffer.length) {
                    return new Inflated(null, read, String.format(Locale.ROOT,
                            "ZIP_BOMB: compression ratio over %.0f:1 (%d compressed bytes inflate past %d)",
                            limits.maxCompressionRatio(), compressed, read), false);
                }
                if (read > limits.maxFileBytes()) {
                    return new Inflated(null, read, "TOO_LARGE: over " + BoundedReader.megabytes(limits.maxFileBytes())
                            + " per image", false);
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            return new Inflated(null, read, "CORRUPT: damaged archive entry (" + e.getMessage() + ")", false);
        }
        return new Inflated(out.toByteArray(), read, null, false);
    }

    /** Why an entry name is dangerous, if it is. Backslashes count as separators (archives made on Windows). */
    static Optional<String> unsafe(String name) {
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            return Optional.of("absolute path in archive; entries must be relative (label/image.jpg)");
        }
        if (Arrays.asList(normalized.split("/")).contains("..")) {
            return Optional.of("path escapes the archive with '..' (zip slip)");
        }
        if (normalized.indexOf('\0') >= 0) {
            return Optional.of("entry name contains a NUL character");
        }
        return Optional.empty();
    }

    private static List<String> segments(String name) {
        List<String> segments = new ArrayList<>();
        for (String s : name.replace('\\', '/').split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        return segments;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }
}
