package dev.magpie.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every file under the data directory (database files aside) plus the row counts: equal snapshots mean "unchanged". */
record StoreSnapshot(List<String> files, Map<String, Integer> rows) {

    static StoreSnapshot of(DatasetStore store) {
        Path root = store.dataDir();
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> files = walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(name -> !name.startsWith("magpie.db"))
                    .sorted()
                    .toList();
            return new StoreSnapshot(files, store.rowCounts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
