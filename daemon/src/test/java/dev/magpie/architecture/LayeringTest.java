package dev.magpie.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form the loop of ARCHITECTURE.md and depend one way only: a stage may use the stages below it, never
 * one above. Read from the import lines of the sources, so a wrong-way dependency fails the build where it is added.
 */
class LayeringTest {

    /** What each package may import from dev.magpie besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of("io")),
            Map.entry("io", Set.of()),
            Map.entry("vision", Set.of("config", "io", "devices")), // devices.natives loads OpenCV
            Map.entry("dataset", Set.of("config", "io", "vision")),
            Map.entry("learn", Set.of("config", "io", "vision", "dataset")),
            Map.entry("detect", Set.of("config", "io", "vision", "dataset", "learn")),
            Map.entry("rules", Set.of("config", "learn")),
            Map.entry("inbox", Set.of("config", "io", "vision", "dataset", "learn")),
            Map.entry("pipeline", Set.of("config", "io", "vision", "dataset", "learn", "detect", "rules", "inbox", "devices")),
            Map.entry("mqtt", Set.of("config", "io", "pipeline", "rules")),
            Map.entry("app", Set.of("config", "io", "vision", "dataset", "learn", "detect", "rules", "inbox", "pipeline", "mqtt", "devices")),
            Map.entry("web", Set.of("config", "io", "vision", "dataset", "learn", "detect", "rules", "inbox", "pipeline", "mqtt", "app", "devices")),
            Map.entry("cli", Set.of("config", "io", "vision", "dataset", "learn", "detect", "rules", "inbox", "pipeline", "mqtt", "app", "web", "devices")));

    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?dev\\.magpie\\.([a-z]+)");

    @Test
    void everyPackageImportsOnlyTheStagesBelowIt() throws IOException {
        Path root = Path.of("src/main/java/dev/magpie");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) {
                    violations.add(pkg + ": a new package; add it to LayeringTest.ALLOWED at its place in the loop");
                    continue;
                }
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        violations.add(root.relativize(file) + " imports dev.magpie." + used);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void devicesKnowNothingOfTheDaemon() throws IOException {
        Path root = Path.of("../devices/src/main/java");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals("devices")) {
                        violations.add(root.relativize(file) + " imports dev.magpie." + m.group(1));
                    }
                }
                String text = Files.readString(file);
                if (text.contains("import ai.onnxruntime") || text.contains("import org.eclipse.paho")) {
                    violations.add(root.relativize(file) + " uses ML or MQTT, which belong in the daemon");
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
