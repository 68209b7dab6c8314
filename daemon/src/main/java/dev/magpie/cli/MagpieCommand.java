package dev.magpie.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "magpie",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Teach a camera what to look for, on this board.",
            "",
            "A first session:",
            "  magpie import photos.zip    one folder per label, in a zip or a folder",
            "  magpie train                embed, train, evaluate, keep a version",
            "  magpie predict shelf.jpg    top labels with confidences, or unknown",
            ""},
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ImportCommand.class,
            LabelsCommand.class,
            ImagesCommand.class,
            DatasetCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            ModelsCommand.class,
            DoctorCommand.class,
            BenchCommand.class,
            ConfigCommand.class,
            TokenCommand.class,
            picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0 ok, 1 failure, 2 usage, 3 invalid input (image, label, archive),",
            "  4 not found (model, version, label, image), 5 invalid configuration",
            "",
            "The backbone model is looked up in DIR/cache, then MAGPIE_MODEL_PATH,",
            "then downloaded once (sha256-checked)."})
final class MagpieCommand {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MAGPIE_DATA_DIR:-./data}",
            description = "Where the dataset, models and index live (default: $MAGPIE_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: DIR/magpie.yaml when it exists, else built-in defaults).")
    Path configFile;

    @Option(names = "--offline", description = "Never download a missing model; fail with instructions instead.")
    boolean offline;

    Workspace openWorkspace() {
        return new Workspace(dataDir, configFile, offline);
    }
}
