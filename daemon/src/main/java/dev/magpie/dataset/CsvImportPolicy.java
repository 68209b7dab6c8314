package dev.magpie.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a CSV index may point. Local paths must resolve (symbolic links followed) inside one of
 * {@code allowedRoots}; URLs are fetched only when {@code urlsEnabled}, and then only from public addresses.
 */
public record CsvImportPolicy(List<Path> allowedRoots, boolean urlsEnabled) {

    public CsvImportPolicy {
        allowedRoots = List.copyOf(allowedRoots);
    }
}
