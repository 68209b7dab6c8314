package dev.magpie.dataset;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads AutoML's "label folders" layout from relative paths: {@code <label>/<file>}, optionally under a
 * {@code train/}, {@code test/} or {@code validation/} level that sets the split, and optionally wrapped in one
 * top-level folder (what zipping a folder on macOS or Windows produces). Pure: no I/O.
 */
final class LabelFolderLayout {

    private static final Set<String> SPLIT_FOLDERS = Set.of("train", "test", "validation");
    private static final Set<String> IGNORED_NAMES = Set.of("__MACOSX", "Thumbs.db", "desktop.ini");
    private static final Set<String> DOCUMENT_EXTENSIONS = Set.of("md", "txt", "csv", "json", "pdf", "html", "yaml", "yml", "xml");

    /** Where one file goes, or why it cannot go anywhere. */
    record Placement(Optional<LabelName> label, Split split, Optional<String> refusal) {
        static Placement refused(String reason) {
            return new Placement(Optional.empty(), Split.UNASSIGNED, Optional.of(reason));
        }
    }

    private final boolean wrapped;

    private LabelFolderLayout(boolean wrapped) {
        this.wrapped = wrapped;
    }

    /** Decides from every (not ignored) file path whether a single wrapper folder should be unwrapped. */
    static LabelFolderLayout of(Collection<List<String>> files) {
        if (files.isEmpty()) {
            return new LabelFolderLayout(false);
        }
        String first = files.iterator().next().get(0);
        boolean wrapped = !isSplitFolder(first)
                && files.stream().allMatch(p -> p.size() >= 3 && p.get(0).equals(first));
        return new LabelFolderLayout(wrapped);
    }

    /** Hidden files and folders, macOS resource forks and Windows thumbnails are skipped silently. */
    static boolean ignored(List<String> segments) {
        return segments.stream().anyMatch(s -> s.startsWith(".") || IGNORED_NAMES.contains(s))
                || segments.size() == 1 && isDocument(segments.get(0));
    }

    /**
     * A README, licence or index file beside the label folders (exports and shared datasets carry them): not an
     * image someone forgot to file, so it is passed over rather than refused.
     */
    private static boolean isDocument(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && DOCUMENT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    Placement place(List<String> segments) {
        List<String> rest = wrapped ? segments.subList(1, segments.size()) : segments;
        Split split = Split.UNASSIGNED;
        if (rest.size() == 3 && isSplitFolder(rest.get(0))) {
            split = Split.fromAutoMl(rest.get(0)).orElseThrow();
            rest = rest.subList(1, rest.size());
        }
        if (rest.size() == 1) {
            return Placement.refused("not inside a label folder; put each image in a folder named after its label");
        }
        if (rest.size() > 2) {
            return Placement.refused("nested too deep; expected <label>/<image> or train|test|validation/<label>/<image>");
        }
        try {
            return new Placement(Optional.of(LabelName.fromForeignName(rest.get(0))), split, Optional.empty());
        } catch (InvalidLabelException e) {
            return Placement.refused("label folder: " + e.getMessage());
        }
    }

    private static boolean isSplitFolder(String name) {
        return SPLIT_FOLDERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
