package dev.magpie.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the CLI in-process, as {@code magpie --data-dir DIR ...} would, and captures what it prints. Commands print to
 * System.out and System.err, so both are swapped for buffers around the run and restored after it.
 */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;

    /**
     * A CLI on {@code dataDir}, whose {@code magpie.yaml} names the backbone in ../shared and forbids downloads, so
     * the tests neither depend on {@code MAGPIE_MODEL_PATH} nor ever reach the network.
     */
    Cli(Path dataDir) {
        this.dataDir = dataDir;
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("magpie.yaml"), "models:\n  backbone: \"" + SharedFiles.backbone() + "\"\n"
                    + "  download: false\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Run(List<String> args, int exitCode, String out, String err) {

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout of " + args + " is not JSON:\n" + out + "\nstderr:\n" + err, e);
            }
        }

        /** For assertion messages: the command, its exit code and everything it printed. */
        String transcript() {
            return "magpie " + String.join(" ", args) + " -> " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code magpie --data-dir DIR args...}. */
    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs {@code magpie args...} with no global options added. */
    static Run runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int code;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            CommandLine commandLine = Main.newCommandLine();
            commandLine.setOut(new PrintWriter(capturedOut, true));
            commandLine.setErr(new PrintWriter(capturedErr, true));
            code = commandLine.execute(args);
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(List.of(args), code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
