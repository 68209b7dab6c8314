package dev.magpie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first session through the real CLI: real backbone, real SQLite, real files. Needs ../shared (models and the
 * Custom Vision trees photos), found by {@link SharedFiles}.
 */
class CliEndToEndTest {

    private static final List<String> LABELS = List.of("hemlock", "japanese_cherry");

    @TempDir
    Path temp;

    @Test
    void zipOfLabelFoldersGoesFromImportToAnExportedModelThatPredictsTheSameElsewhere() throws IOException {
        Path trees = SharedFiles.datasets().resolve("azure-customvision-trees");
        Path zip = zipOfLabelFolders(trees, temp.resolve("trees.zip"));
        Path hemlockPhoto = trees.resolve("hemlock").resolve("hemlock_1.jpg");
        Cli cli = new Cli(temp.resolve("data"));

        Cli.Run imported = ok(cli.run("import", zip.toString(), "--json"));
        JsonNode entries = imported.json().get("entries");
        assertEquals(20, count(entries, "ADDED"), imported.transcript());
        for (JsonNode entry : entries) {
            String name = entry.get("name").asText();
            assertFalse(name.contains("__MACOSX") || name.contains(".DS_Store"), "junk entry reported: " + name);
        }

        JsonNode labels = ok(cli.run("labels", "--json")).json();
        assertEquals(2, labels.size(), labels.toString());
        assertEquals(10, labels.get("hemlock").asInt());
        assertEquals(10, labels.get("japanese_cherry").asInt());

        JsonNode stats = ok(cli.run("dataset", "stats", "--json")).json();
        for (String label : LABELS) {
            assertEquals(10, stats.get("labels").get(label).get("total").asInt(), stats.toString());
        }
        assertEquals(0, stats.get("inbox").asInt());
        assertFalse(stats.get("fingerprint").asText().isEmpty());

        JsonNode first = ok(cli.run("train", "--views", "1", "--json")).json();
        assertEquals("v0001", first.get("version").asText());
        assertTrue(first.get("current").asBoolean(), "the first model becomes current");

        JsonNode eval = ok(cli.run("eval", "--threshold", "0.9", "--json")).json();
        assertEquals("v0001", eval.get("version").asText());
        List<String> evaluated = new ArrayList<>();
        for (JsonNode point : eval.get("atThreshold")) {
            evaluated.add(point.get("label").asText());
            assertEquals(0.9, point.get("threshold").asDouble(), 1e-9);
            assertTrue(point.get("precision").isNumber() && point.get("recall").isNumber(), point.toString());
        }
        assertTrue(evaluated.containsAll(LABELS), "per-label points: " + evaluated);

        String topLabel = predictedLabel(cli, hemlockPhoto);
        assertEquals("hemlock", topLabel);

        JsonNode second = ok(cli.run("train", "--views", "1", "--seed", "5", "--json")).json();
        assertEquals("v0002", second.get("version").asText());
        assertFalse(second.get("current").asBoolean(), "a later model is not promoted without --promote");
        assertEquals("v0001", currentVersion(cli));

        ok(cli.run("models", "promote", "v0002"));
        assertEquals("v0002", currentVersion(cli));
        Cli.Run rolledBack = ok(cli.run("models", "rollback"));
        assertTrue(rolledBack.out().contains("v0001 is now the current model"), rolledBack.transcript());
        assertEquals("v0001", currentVersion(cli));

        Path exported = temp.resolve("out.zip");
        ok(cli.run("models", "export", "v0001", exported.toString()));
        assertTrue(Files.size(exported) > 0);

        Cli elsewhere = new Cli(temp.resolve("data2"));
        Cli.Run modelImport = ok(elsewhere.run("models", "import", exported.toString(), "--promote"));
        assertTrue(modelImport.out().contains("now the current model"), modelImport.transcript());
        assertEquals(topLabel, predictedLabel(elsewhere, hemlockPhoto), "the imported model predicts the same label");
        Cli.Run nothingEarlier = elsewhere.run("models", "rollback");
        assertEquals(ExitCodes.INVALID_INPUT, nothingEarlier.exitCode(), nothingEarlier.transcript());
        assertTrue(nothingEarlier.err().contains("no earlier model version to roll back to"), nothingEarlier.transcript());
        assertFalse(nothingEarlier.err().contains("\tat "), "no stack trace for a refusal:\n" + nothingEarlier.err());

        Cli.Run deleteCurrent = cli.run("models", "delete", "v0001");
        assertEquals(ExitCodes.INVALID_INPUT, deleteCurrent.exitCode(), deleteCurrent.transcript());
        assertTrue(deleteCurrent.err().contains("v0001 is the current model and cannot be deleted"), deleteCurrent.transcript());
        assertFalse(deleteCurrent.err().contains("\tat "), "no stack trace for a refusal:\n" + deleteCurrent.err());
        assertEquals("v0001", currentVersion(cli));
        assertEquals(2, ok(cli.run("models", "list", "--json")).json().size(), "nothing was deleted");
    }

    private static Cli.Run ok(Cli.Run run) {
        assertEquals(ExitCodes.OK, run.exitCode(), run.transcript());
        return run;
    }

    private static String predictedLabel(Cli cli, Path photo) {
        JsonNode results = ok(cli.run("predict", photo.toString(), "--json")).json();
        assertEquals(1, results.size(), results.toString());
        JsonNode result = results.get(0);
        assertFalse(result.get("unknown").asBoolean(), result.toString());
        assertEquals(result.get("label").asText(), result.get("top").get(0).get("label").asText(), result.toString());
        return result.get("label").asText();
    }

    private static String currentVersion(Cli cli) {
        String current = null;
        for (JsonNode version : ok(cli.run("models", "list", "--json")).json()) {
            if (version.get("current").asBoolean()) {
                assertEquals(null, current, "two current versions");
                current = version.get("version").asText();
            }
        }
        return current;
    }

    private static long count(JsonNode entries, String outcome) {
        long n = 0;
        for (JsonNode entry : entries) {
            n += entry.get("outcome").asText().equals(outcome) ? 1 : 0;
        }
        return n;
    }

    /** hemlock/ and japanese_cherry/ as a macOS Finder zip would hold them, resource forks and .DS_Store included. */
    private static Path zipOfLabelFolders(Path trees, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String label : LABELS) {
                try (Stream<Path> photos = Files.list(trees.resolve(label))) {
                    for (Path photo : photos.sorted().toList()) {
                        put(out, label + "/" + photo.getFileName(), Files.readAllBytes(photo));
                        put(out, "__MACOSX/" + label + "/._" + photo.getFileName(), new byte[] {0, 5, 22, 7, 0, 2, 0, 0});
                    }
                }
                put(out, label + "/.DS_Store", "Bud1 finder junk".getBytes(StandardCharsets.US_ASCII));
            }
            put(out, ".DS_Store", "Bud1 finder junk".getBytes(StandardCharsets.US_ASCII));
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
