package dev.magpie.cli;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = {"List labels with their image counts, or add, rename and delete them.",
            "Names: 1-32 characters of A-Z, a-z, 0-9 and _. 'None' is the catch-all for 'nothing of interest'.",
            "The bar fills toward 20 images (Lobe's minimum for a usable label); AutoML prefers 100."},
        subcommands = {LabelsCommand.Add.class, LabelsCommand.Rename.class, LabelsCommand.Merge.class, LabelsCommand.Delete.class})
final class LabelsCommand implements Callable<Integer> {

    private static final int BAR_TARGET = 20;

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--json", description = "Print label counts as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Workspace workspace = magpie.openWorkspace()) {
            Map<LabelName, Integer> counts = workspace.dataset().labelCounts();
            if (json) {
                Map<String, Integer> plain = new java.util.TreeMap<>();
                counts.forEach((label, count) -> plain.put(label.value(), count));
                System.out.println(Json.write(plain));
                return ExitCodes.OK;
            }
            if (counts.isEmpty()) {
                System.out.println("No labels yet. Add photos with: magpie import --label NAME photo.jpg ...");
                return ExitCodes.OK;
            }
            for (Map.Entry<LabelName, Integer> entry : counts.entrySet()) {
                int count = entry.getValue();
                int filled = Math.min(BAR_TARGET, count);
                System.out.printf("  %-32s %5d  [%s%s]%s%n", entry.getKey().value(), count, "#".repeat(filled),
                        ".".repeat(BAR_TARGET - filled), count < 10 ? "  needs at least 10" : "");
            }
            int inbox = workspace.dataset().inbox().size();
            if (inbox > 0) {
                System.out.printf("  %-32s %5d  waiting to be labelled%n", "(inbox)", inbox);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an empty label.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        LabelsCommand labels;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            LabelName label = LabelName.of(name);
            try (Workspace workspace = labels.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                if (store.labels().contains(label)) {
                    System.out.println("label " + name + " already exists (" + store.images(label).size() + " images)");
                    return ExitCodes.OK;
                }
                store.createLabel(label);
                System.out.println("added label " + name);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a label; its images move with it.")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        LabelsCommand labels;

        @Parameters(index = "0", paramLabel = "OLD")
        String from;

        @Parameters(index = "1", paramLabel = "NEW")
        String to;

        @Override
        public Integer call() {
            try (Workspace workspace = labels.magpie.openWorkspace()) {
                workspace.dataset().renameLabel(LabelName.of(from), LabelName.of(to));
                System.out.println("renamed " + from + " to " + to);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Move every image of label FROM into label INTO, then delete FROM.")
    static final class Merge implements Callable<Integer> {
        @ParentCommand
        LabelsCommand labels;

        @Parameters(index = "0", paramLabel = "FROM")
        String from;

        @Parameters(index = "1", paramLabel = "INTO")
        String into;

        @Override
        public Integer call() {
            LabelName source = LabelName.of(from);
            LabelName target = LabelName.of(into);
            if (source.equals(target)) {
                throw new UserError(ExitCodes.USAGE, "FROM and INTO are the same label");
            }
            try (Workspace workspace = labels.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                int moved = 0;
                for (var image : store.images(source)) {
                    store.relabel(image.sha256(), java.util.Optional.of(target));
                    moved++;
                }
                store.deleteLabel(source);
                System.out.println("moved " + moved + " image(s) from " + from + " into " + into + "; deleted label " + from);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a label and its images (asks for --yes), or move its images to the inbox.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        LabelsCommand labels;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--yes", description = "Really delete the label and its images.")
        boolean yes;

        @Option(names = "--to-inbox", description = "Keep the images: move them to the inbox, unlabelled.")
        boolean toInbox;

        @Override
        public Integer call() {
            try (Workspace workspace = labels.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                LabelName label = LabelName.of(name);
                int count = store.images(label).size();
                if (toInbox) {
                    for (var image : store.images(label)) {
                        store.relabel(image.sha256(), java.util.Optional.empty());
                    }
                } else if (!yes && count > 0) {
                    throw new UserError(ExitCodes.USAGE, "label " + name + " has " + count
                            + " image(s); add --yes to delete them too, or --to-inbox to keep them unlabelled");
                }
                store.deleteLabel(label);
                System.out.println("deleted label " + name + (toInbox ? "; " + count + " image(s) moved to the inbox" : ""));
                return ExitCodes.OK;
            }
        }
    }
}
