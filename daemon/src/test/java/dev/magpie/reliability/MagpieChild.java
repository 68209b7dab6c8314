package dev.magpie.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Magpie as a child process: {@code java -cp <this JVM's test classpath> dev.magpie.cli.Main --data-dir DIR args...},
 * so a test can SIGKILL it ({@link Process#destroyForcibly()} on Linux) as a power cut would stop it. Output goes
 * to a log file the test can print on failure.
 */
final class MagpieChild {

    private final Process process;
    private final Path log;
    private final List<String> command;

    private MagpieChild(Process process, Path log, List<String> command) {
        this.process = process;
        this.log = log;
        this.command = command;
    }

    static MagpieChild start(Path dataDir, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"),
                "dev.magpie.cli.Main", "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new MagpieChild(process, log, command);
    }

    /** Runs to completion (bounded) and returns the exit code. */
    static int run(Path dataDir, Path log, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        MagpieChild child = start(dataDir, log, args);
        if (!child.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            child.kill();
            throw new AssertionError("magpie " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s:\n"
                    + child.output());
        }
        return child.process.exitValue();
    }

    /** Waits up to {@code millis}; true when the process exited by itself in that time. */
    boolean waitMillis(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush runs, as after a power cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String output() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String commandLine() {
        return String.join(" ", command.subList(command.indexOf("dev.magpie.cli.Main"), command.size()));
    }
}
