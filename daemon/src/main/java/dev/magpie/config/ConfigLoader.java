package dev.magpie.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads {@code magpie.yaml} into {@link MagpieConfig} and reports every problem in one pass, as Frigate does: each
 * reads {@code line N: key.path = value: what is wrong and what to do}, in line order.
 *
 * <p>Three steps, each going on past problems: {@link YamlTree} parses the text keeping each key's line;
 * {@link RecordBinder} binds the tree to the records (unknown keys, wrong types, values a record rejects);
 * {@link MagpieConfig#validate()} checks across records (names that must match or be unique). Unknown keys are
 * errors: a typo must not silently become a default.
 */
public final class ConfigLoader {

    public MagpieConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("the file does not exist"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read it: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public MagpieConfig parse(String yaml, String source) throws ConfigException {
        if (yaml.isBlank()) {
            return MagpieConfig.defaults();
        }
        YamlTree tree;
        try {
            tree = YamlTree.parse(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(line(e.getLocation()) + "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read it: " + e.getMessage()));
        }
        List<YamlTree.Located> found = new ArrayList<>(tree.problems());
        if (!tree.root().isNull() && !tree.root().isObject()) {
            throw new ConfigException(source, List.of("line 1: (top level): expected sections of keys such as 'cameras:' and 'zones:'"));
        }
        RecordBinder binder = new RecordBinder();
        MagpieConfig config = binder.bind(tree.root(), MagpieConfig.class);
        if (config == null) {
            config = MagpieConfig.defaults();
        }
        for (ConfigProblem problem : binder.problems()) {
            found.add(locate(problem, tree, binder, false));
        }
        for (ConfigProblem problem : config.validate()) {
            found.add(locate(problem, tree, binder, true));
        }
        if (!found.isEmpty()) {
            found.sort(Comparator.comparingInt(p -> p.line() < 0 ? Integer.MAX_VALUE : p.line()));
            throw new ConfigException(source, found.stream().map(YamlTree.Located::text).toList());
        }
        return config;
    }

    private static YamlTree.Located locate(ConfigProblem problem, YamlTree tree, RecordBinder binder, boolean boundPaths) {
        String path = boundPaths ? binder.yamlPath(problem.path()) : problem.path();
        OptionalInt line = tree.lineOf(path);
        String message = problem.message();
        if (problem.otherPath() != null) {
            String other = boundPaths ? binder.yamlPath(problem.otherPath()) : problem.otherPath();
            OptionalInt otherLine = tree.lineOf(other);
            message = message.replace("{other}", (otherLine.isPresent() ? "line " + otherLine.getAsInt() + " " : "") + "(" + other + ")");
        }
        String text = (line.isPresent() ? "line " + line.getAsInt() + ": " : "")
                + (path.isEmpty() ? "(top level)" : path)
                + (problem.value() == null ? "" : " = " + problem.value())
                + ": " + message;
        return new YamlTree.Located(line.orElse(-1), text);
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : "line " + location.getLineNr() + ": ";
    }
}
