package dev.magpie.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli.md is the commands' usage help as the code prints it; a change to an option must regenerate it. */
class CliReferenceTest {

    static final String REGENERATE = "mvn -B -pl daemon -am test -Dtest=CliReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmagpie.docs.update=true";

    @Test
    void committedReferenceMatchesTheUsageHelp() throws IOException {
        Path file = repositoryRoot().resolve("docs").resolve("cli.md");
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("magpie.docs.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; generate it with:\n  " + REGENERATE);
        String committed = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(committed, generated, file + " is out of date with the commands' usage help; regenerate it with:\n  "
                + REGENERATE + "\nand commit the result.");
    }

    @Test
    void referenceHasASectionForEveryCommandAndSubcommand() {
        String md = CliReference.markdown();
        for (String heading : new String[] {"## magpie\n", "## magpie import\n", "## magpie labels delete\n",
            "## magpie dataset stats\n", "## magpie models export\n", "## magpie config check\n", "## Exit codes\n"}) {
            assertTrue(md.contains(heading), "missing " + heading.strip());
        }
        assertTrue(md.contains("| 5 | `CONFIG` |"), md);
    }

    @Test
    void everyCommandSummaryIsACompleteSentence() {
        // The command list in 'magpie --help' shows only a command's first description line.
        assertSummariesComplete(Main.newCommandLine(), "magpie");
    }

    private static void assertSummariesComplete(CommandLine command, String path) {
        String[] description = command.getCommandSpec().usageMessage().description();
        assertTrue(description.length > 0 && description[0].strip().endsWith("."),
                path + ": the first description line is the summary in the command list and must end a sentence: "
                        + (description.length > 0 ? description[0] : "(none)"));
        for (CommandLine sub : command.getSubcommands().values()) {
            assertSummariesComplete(sub, path + " " + sub.getCommandName());
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("daemon")) && Files.isDirectory(dir.resolve("devices"))
                    && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
