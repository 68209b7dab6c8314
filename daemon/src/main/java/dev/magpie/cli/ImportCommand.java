package dev.magpie.cli;

import dev.magpie.dataset.CsvImportPolicy;
import dev.magpie.dataset.CsvImporter;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.FolderImporter;
import dev.magpie.dataset.HttpImageFetcher;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.dataset.ImportReport;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.PhotosImporter;
import dev.magpie.dataset.ZipImporter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add photos to the dataset. Each file is checked by content; refusals name the file and why.",
            "",
            "  magpie import photos.zip            a zip with one folder per label (AutoML/Custom Vision export)",
            "  magpie import photos/               a folder with one folder per label",
            "  magpie import index.csv             AutoML CSV: [set,]path_or_url,label",
            "  magpie import --label empty a.jpg   these photos under one label",
            "  magpie import --inbox unsorted/     unlabelled photos, to label later",
            "",
            "Exit code 3 when any file was refused (the others are still added, unless --all-or-nothing)."})
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Zip, folder, CSV index or image files.")
    List<Path> paths;

    @Option(names = "--label", paramLabel = "LABEL", description = "Put these images (or a flat folder of them) under LABEL.")
    String label;

    @Option(names = "--inbox", description = "Add the images unlabelled, to the inbox.")
    boolean inbox;

    @Option(names = "--all-or-nothing",
            description = "Store nothing if any file is refused (per dataset PATH; across all PATHs with --label or --inbox).")
    boolean allOrNothing;

    @Option(names = "--allow-root", paramLabel = "DIR",
            description = "A directory CSV rows may point into (repeatable; default: the CSV's own folder).")
    List<Path> allowedRoots = new ArrayList<>();

    @Option(names = "--allow-urls", description = "Let CSV rows fetch http(s) URLs (public addresses only).")
    boolean allowUrls;

    @Option(names = "--json", description = "Print the per-file report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (inbox && label != null) {
            throw new UserError(ExitCodes.USAGE, "use either --label or --inbox, not both");
        }
        Optional<LabelName> target = label == null ? Optional.empty() : Optional.of(LabelName.of(label));
        try (Workspace workspace = magpie.openWorkspace()) {
            DatasetStore store = workspace.dataset();
            List<ImportReport.Entry> entries = new ArrayList<>();
            if (inbox || target.isPresent()) {
                for (Path path : paths) {
                    requireExists(path);
                }
                entries.addAll(new PhotosImporter(store, ImportLimits.DEFAULT).importPaths(paths, target, allOrNothing).entries());
            } else {
                for (Path path : paths) {
                    entries.addAll(importDataset(store, path).entries());
                }
            }
            ImportReport report = new ImportReport(entries, allOrNothing);
            print(report);
            return report.refused().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
    }

    private static void requireExists(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(ExitCodes.NOT_FOUND, path + " does not exist");
        }
    }

    /** A labelled dataset: a folder or zip of label folders, or a CSV index. */
    private ImportReport importDataset(DatasetStore store, Path path) {
        requireExists(path);
        ImportLimits limits = ImportLimits.DEFAULT;
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            return new FolderImporter(store, limits).importFolder(path, allOrNothing);
        }
        if (name.endsWith(".zip")) {
            return new ZipImporter(store, limits).importZip(path, allOrNothing);
        }
        if (name.endsWith(".csv")) {
            List<Path> roots = allowedRoots.isEmpty() ? List.of(path.toAbsolutePath().getParent()) : allowedRoots;
            HttpImageFetcher fetcher = new HttpImageFetcher(Duration.ofSeconds(10), Duration.ofSeconds(30), limits.maxFileBytes());
            return new CsvImporter(store, new CsvImportPolicy(roots, allowUrls), fetcher, limits).importCsv(path, allOrNothing);
        }
        throw new UserError(ExitCodes.USAGE, path + " is a single image: say where it goes with --label LABEL or --inbox");
    }

    private void print(ImportReport report) {
        if (json) {
            System.out.println(Json.write(report));
            return;
        }
        for (ImportReport.Entry entry : report.entries()) {
            // Files held back by all-or-nothing are only counted: their lines would bury the real refusals.
            if (entry.outcome() != ImportReport.Outcome.ADDED && entry.outcome() != ImportReport.Outcome.NOT_STORED) {
                System.out.printf("%-10s %s: %s%n", entry.outcome().name().toLowerCase(Locale.ROOT), entry.name(), entry.reason());
            }
        }
        System.out.printf("added %d, duplicates %d, conflicts %d, refused %d%s%n",
                report.count(ImportReport.Outcome.ADDED), report.count(ImportReport.Outcome.DUPLICATE),
                report.count(ImportReport.Outcome.CONFLICT), report.count(ImportReport.Outcome.REFUSED),
                report.count(ImportReport.Outcome.NOT_STORED) > 0
                        ? ", not stored " + report.count(ImportReport.Outcome.NOT_STORED) + " (all-or-nothing)" : "");
    }
}
