package dev.magpie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.magpie.dataset.LabelName;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mistake a user can make gets its documented exit code and a message that names the problem, on stderr and
 * without a stack trace; refused imports leave the store as it was.
 */
class CliErrorsTest {

    @TempDir
    Path temp;

    private Cli cli;
    private Path hemlock;

    @BeforeEach
    void twoHemlockPhotos() {
        hemlock = SharedFiles.datasets().resolve("azure-customvision-trees").resolve("hemlock");
        cli = new Cli(temp.resolve("data"));
        Cli.Run seeded = cli.run("import", "--label", "hemlock", hemlock.resolve("hemlock_1.jpg").toString(),
                hemlock.resolve("hemlock_2.jpg").toString());
        assertEquals(ExitCodes.OK, seeded.exitCode(), seeded.transcript());
    }

    @Test
    void predictBeforeAnyTrainingSaysToTrainFirst() {
        Cli.Run run = cli.run("predict", hemlock.resolve("hemlock_3.jpg").toString());
        assertRefused(run, ExitCodes.NOT_FOUND, "magpie train");
    }

    @Test
    void textFileNamedJpgIsRefusedByContentAndNothingIsStored() throws IOException {
        Path fake = Files.writeString(temp.resolve("notes.jpg"), "shopping list: birdseed\n", StandardCharsets.UTF_8);
        JsonNode before = labels();

        Cli.Run run = cli.run("import", "--label", "x", fake.toString());

        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.transcript());
        assertTrue(run.out().contains(fake.toString()) && run.out().contains("not a supported image"), run.transcript());
        assertEquals(before, labels(), "the store is unchanged");
    }

    @Test
    void labelWithASpaceIsRefusedWithTheNamingRule() {
        JsonNode before = labels();
        Cli.Run run = cli.run("import", "--label", "a b", hemlock.resolve("hemlock_3.jpg").toString());
        assertRefused(run, ExitCodes.INVALID_INPUT, LabelName.RULE);
        assertTrue(run.err().contains("'a b'") || run.err().contains("\"a b\""), run.transcript());
        assertEquals(before, labels(), "the store is unchanged");
    }

    @Test
    void importOfAMissingPathIsNotFoundAndStoresNothing() {
        JsonNode before = labels();
        Path missing = temp.resolve("no-such-photos.zip");
        Cli.Run run = cli.run("import", missing.toString());
        assertRefused(run, ExitCodes.NOT_FOUND, missing + " does not exist");
        assertEquals(before, labels(), "the store is unchanged");
    }

    @Test
    void unknownConfigKeyShowsItsLineAndName() throws IOException {
        Path config = Files.writeString(temp.resolve("magpie.yaml"), "inference:\n  threads: 1\n  threds: 2\n");
        Cli.Run run = Cli.runRaw("--data-dir", temp.resolve("data").toString(), "--config", config.toString(), "labels");
        assertRefused(run, ExitCodes.CONFIG, "threds");
        assertTrue(run.err().contains("unknown key"), run.transcript());
        assertTrue(run.err().contains("line 3"), "names the line: " + run.transcript());
    }

    @Test
    void evalOfAVersionThatDoesNotExistIsNotFound() {
        Cli.Run run = cli.run("eval", "v0099");
        assertRefused(run, ExitCodes.NOT_FOUND, "v0099");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Run run = cli.run("frobnicate");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("frobnicate"), run.transcript());
    }

    @Test
    void deletingALabelWithImagesAsksForYes() {
        JsonNode before = labels();
        Cli.Run run = cli.run("labels", "delete", "hemlock");
        assertRefused(run, ExitCodes.USAGE, "--yes");
        assertEquals(before, labels(), "the label and its images are kept");
    }

    @Test
    void trainingWithOneLabelSaysWhatToAddInsteadOfAStackTrace() {
        Cli.Run run = cli.run("train", "--views", "0");
        assertRefused(run, ExitCodes.INVALID_INPUT, "at least 2 labels");
    }

    private JsonNode labels() {
        Cli.Run run = cli.run("labels", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.transcript());
        return run.json();
    }

    private static void assertRefused(Cli.Run run, int exitCode, String messagePart) {
        assertEquals(exitCode, run.exitCode(), run.transcript());
        assertTrue(run.err().contains(messagePart), "stderr should contain '" + messagePart + "':\n" + run.transcript());
        assertFalse(run.err().contains("\tat "), "a user error prints no stack trace:\n" + run.transcript());
    }
}
