package dev.magpie.cli;

import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ModelSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Model versions (Custom Vision's iterations): list, promote, rollback, delete, export, import.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class,
            ModelsCommand.Delete.class, ModelsCommand.Export.class, ModelsCommand.Import.class})
final class ModelsCommand {

    @ParentCommand
    MagpieCommand magpie;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Versions with their held-out metrics; * marks the current one.")
    static final class ListVersions implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            try (Workspace workspace = models.magpie.openWorkspace()) {
                List<ModelSummary> versions = workspace.models().list();
                if (json) {
                    System.out.println(Json.write(versions));
                    return ExitCodes.OK;
                }
                if (versions.isEmpty()) {
                    System.out.println("No models yet: run 'magpie train'.");
                    return ExitCodes.OK;
                }
                System.out.printf("    %-8s %-20s %8s %8s %8s %6s  %s%n", "version", "created", "accuracy", "macro-F1",
                        "mean AP", "tested", "labels");
                for (ModelSummary v : versions) {
                    System.out.printf(Locale.ROOT, "  %s %-8s %-20s %8.3f %8.3f %8.3f %6d  %s%n", v.current() ? "*" : " ",
                            v.version(), shortTime(v.createdTime()), v.accuracy(), v.macroF1(), v.meanAveragePrecision(),
                            v.heldOutRows(), String.join(", ", v.labels()));
                }
                return ExitCodes.OK;
            }
        }
    }

    /** 2026-11-22T01:43:51.945015074Z → 2026-11-22 01:43:51 (UTC). */
    static String shortTime(String instant) {
        return instant.length() >= 19 ? instant.substring(0, 10) + " " + instant.substring(11, 19) : instant;
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make VERSION the current model.")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() throws IOException {
            try (Workspace workspace = models.magpie.openWorkspace()) {
                workspace.models().promote(version);
                System.out.println(version + " is now the current model.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Go back to the version that was current before.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Override
        public Integer call() throws IOException {
            try (Workspace workspace = models.magpie.openWorkspace()) {
                String version;
                try {
                    version = workspace.models().rollback();
                } catch (IllegalStateException nothingEarlier) { // documented: no earlier version
                    throw new UserError(ExitCodes.INVALID_INPUT, nothingEarlier.getMessage());
                }
                System.out.println("Rolled back: " + version + " is now the current model.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a version that is not current.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() throws IOException {
            try (Workspace workspace = models.magpie.openWorkspace()) {
                try {
                    workspace.models().delete(version);
                } catch (IllegalStateException current) { // documented: the current version is never deleted
                    throw new UserError(ExitCodes.INVALID_INPUT, current.getMessage());
                }
                System.out.println("Deleted " + version + ".");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write VERSION as a zip that another Magpie can import.",
                "It holds head.onnx, labels.json, metrics.json, ...; any ONNX runtime can run it after the backbone",
                "named in training.json."})
    static final class Export implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(index = "0", paramLabel = "VERSION", description = "The version to export, e.g. v0003.")
        String version;

        @Parameters(index = "1", paramLabel = "ZIP", description = "The zip file to write.")
        Path zip;

        @Option(names = "--force", description = "Overwrite ZIP if it exists.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(zip) && !force) {
                throw new UserError(ExitCodes.USAGE, zip + " exists; add --force to overwrite it");
            }
            try (Workspace workspace = models.magpie.openWorkspace()) {
                workspace.models().exportZip(version, zip);
                System.out.println("Exported " + version + " to " + zip + ".");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Add a version from a zip made by 'models export'.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "ZIP")
        Path zip;

        @Option(names = "--promote", description = "Make the imported version current (automatic when there is none).")
        boolean promote;

        @Override
        public Integer call() throws IOException {
            try (Workspace workspace = models.magpie.openWorkspace()) {
                ModelRegistry registry = workspace.models();
                boolean first = registry.current().isEmpty();
                String version = registry.importZip(zip);
                boolean makeCurrent = promote || first;
                if (makeCurrent) {
                    registry.promote(version);
                }
                System.out.println("Imported " + zip + " as " + version + (makeCurrent ? ", now the current model." : "."));
                return ExitCodes.OK;
            }
        }
    }
}
