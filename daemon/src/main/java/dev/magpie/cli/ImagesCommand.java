package dev.magpie.cli;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.StoredImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"List, label, relabel and delete single images; label the inbox.",
            "Images are named by their sha256; any unique prefix of 8 or more characters works."},
        subcommands = {ImagesCommand.ListImages.class, ImagesCommand.Label.class, ImagesCommand.Unlabel.class,
            ImagesCommand.Delete.class})
final class ImagesCommand {

    private static final int MIN_PREFIX = 8;

    @ParentCommand
    MagpieCommand magpie;

    /** Finds one image by a sha256 prefix, or explains why not. */
    static StoredImage find(DatasetStore store, String prefix) {
        if (prefix.length() < MIN_PREFIX || !prefix.matches("[0-9a-fA-F]+")) {
            throw new UserError(ExitCodes.USAGE, "'" + prefix + "' is not an image id: give at least " + MIN_PREFIX
                    + " hex characters of its sha256 (see 'magpie images list')");
        }
        String wanted = prefix.toLowerCase(Locale.ROOT);
        List<StoredImage> matches = new ArrayList<>();
        for (StoredImage image : store.images()) {
            if (image.sha256().startsWith(wanted)) {
                matches.add(image);
            }
        }
        for (StoredImage image : store.inbox()) {
            if (image.sha256().startsWith(wanted) && !matches.contains(image)) {
                matches.add(image);
            }
        }
        if (matches.isEmpty()) {
            throw new UserError(ExitCodes.NOT_FOUND, "no image with id " + prefix);
        }
        if (matches.size() > 1) {
            throw new UserError(ExitCodes.USAGE, prefix + " matches " + matches.size() + " images; give more characters");
        }
        return matches.get(0);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List images: all, one label's, or the inbox's.")
    static final class ListImages implements Callable<Integer> {
        @ParentCommand
        ImagesCommand images;

        static final class Filter {
            @Option(names = "--label", paramLabel = "LABEL", description = "Only this label's images.")
            String label;

            @Option(names = "--inbox", description = "Only unlabelled images waiting in the inbox.")
            boolean inbox;
        }

        @ArgGroup(exclusive = true)
        Filter filter;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Workspace workspace = images.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                List<StoredImage> list;
                if (filter != null && filter.inbox) {
                    list = store.inbox();
                } else if (filter != null && filter.label != null) {
                    list = store.images(LabelName.of(filter.label));
                } else {
                    list = new ArrayList<>(store.images());
                    list.addAll(store.inbox());
                }
                if (json) {
                    System.out.println(Json.write(list));
                    return ExitCodes.OK;
                }
                for (StoredImage image : list) {
                    System.out.printf("%s  %-24s %-10s %5dx%-5d %s%n", image.sha256().substring(0, 12),
                            image.label().map(LabelName::value).orElse("(inbox)"), image.split().name().toLowerCase(Locale.ROOT),
                            image.width(), image.height(), image.source());
                }
                System.out.println(list.size() + " image(s)");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "label", mixinStandardHelpOptions = true,
            description = "Give images a label: moves inbox images into the dataset, or relabels labelled ones.")
    static final class Label implements Callable<Integer> {
        @ParentCommand
        ImagesCommand images;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Image ids (sha256 prefixes).")
        List<String> ids;

        @Option(names = "--label", required = true, paramLabel = "LABEL", description = "The label to give them.")
        String label;

        @Override
        public Integer call() {
            LabelName target = LabelName.of(label);
            try (Workspace workspace = images.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                for (String id : ids) {
                    StoredImage image = find(store, id);
                    store.relabel(image.sha256(), Optional.of(target));
                    System.out.println(image.sha256().substring(0, 12) + ": "
                            + image.label().map(LabelName::value).orElse("inbox") + " -> " + target.value());
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "unlabel", mixinStandardHelpOptions = true, description = "Move images back to the inbox, unlabelled.")
    static final class Unlabel implements Callable<Integer> {
        @ParentCommand
        ImagesCommand images;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Image ids (sha256 prefixes).")
        List<String> ids;

        @Override
        public Integer call() {
            try (Workspace workspace = images.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                for (String id : ids) {
                    StoredImage image = find(store, id);
                    store.relabel(image.sha256(), Optional.empty());
                    System.out.println(image.sha256().substring(0, 12) + ": moved to the inbox");
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete images from the dataset or the inbox.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        ImagesCommand images;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Image ids (sha256 prefixes).")
        List<String> ids;

        @Override
        public Integer call() {
            try (Workspace workspace = images.magpie.openWorkspace()) {
                DatasetStore store = workspace.dataset();
                for (String id : ids) {
                    StoredImage image = find(store, id);
                    store.deleteImage(image.sha256());
                    System.out.println(image.sha256().substring(0, 12) + ": deleted");
                }
                return ExitCodes.OK;
            }
        }
    }
}
