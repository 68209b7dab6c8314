package dev.magpie.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magpie.config.WebConfig;
import dev.magpie.dataset.InboxMeta;
import dev.magpie.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's journey through the web UI in a real headless Chromium (Debian's {@code /usr/bin/chromium}) driven by
 * playwright-core from {@code src/test/browser/journey.mjs}: first-start password, labels, zip upload, capture from a
 * simulated camera, inbox by keyboard, training over SSE, threshold slider, promote, predict. Screenshots of every
 * page at 1280 and 375 px land in {@code target/screenshots/}.
 *
 * <p>Skipped where Chromium or Node is missing, unless {@code MAGPIE_REQUIRE_BROWSER=1} ({@code .ci/run} sets it).
 */
@Tag("browser")
class BrowserTest {

    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));

    @TempDir
    Path temp;

    @Test
    void ownerLabelsTrainsTunesAndPredictsFromTheBrowser() throws Exception {
        boolean required = "1".equals(System.getenv("MAGPIE_REQUIRE_BROWSER"));
        boolean available = Files.isExecutable(CHROMIUM) && run(List.of("node", "--version"), BROWSER_DIR, 30).exit == 0;
        if (required) {
            assertThat(available).as("chromium at " + CHROMIUM + " and node on PATH").isTrue();
        }
        assumeTrue(available, "no chromium at " + CHROMIUM + " or no node; .ci/run installs them");

        Path photos = SharedFiles.datasets().resolve("azure-customvision-fork-scissors");
        List<Path> forks = images(photos.resolve("fork"));
        List<Path> scissors = images(photos.resolve("scissors"));
        Path zip = temp.resolve("photos.zip");
        zip(zip, forks.subList(2, forks.size()), scissors.subList(2, scissors.size()));

        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Path config = temp.resolve("magpie.yaml");
        Files.writeString(config, """
                cameras:
                  - name: shelf
                    source:
                      simulated: shelf
                    width: 640
                    height: 480
                    fps: 5
                zones:
                  - name: shelf_1
                    camera: shelf
                    rect: [40, 40, 320, 240]
                    model: current
                    rules:
                      - label: fork
                """);
        try (WebFixture web = new WebFixture(dataDir, WebConfig.defaults(), Optional.of(config))) {
            for (Path unsure : List.of(forks.get(0), scissors.get(0), forks.get(1))) {
                web.store.addToInbox(Files.readAllBytes(unsure), "camera:shelf", new InboxMeta("shelf_1", Instant.now(),
                        "none", List.of(new InboxMeta.Score("fork", 0.52), new InboxMeta.Score("scissors", 0.48)), "small margin"));
            }
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), BROWSER_DIR, 300);
            assertThat(install.exit).as("npm ci:\n" + install.output).isZero();
            Result journey = run(List.of("node", "journey.mjs", "http://127.0.0.1:" + web.server.port(), SCREENSHOTS.toString(),
                    zip.toString(), scissors.get(1).toString()), BROWSER_DIR, 540);
            System.out.println(journey.output);
            assertThat(journey.exit).as("journey.mjs:\n" + journey.output).isZero();
        }
        assertThat(SCREENSHOTS.resolve("labels-375.png")).exists();
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static void zip(Path zip, List<Path> forks, List<Path> scissors) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path image : forks) {
                entry(out, "fork/" + image.getFileName(), image);
            }
            for (Path image : scissors) {
                entry(out, "scissors/" + image.getFileName(), image);
            }
        }
    }

    private static void entry(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path dir, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("magpie-browser-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return new Result(-1, e.getMessage());
            }
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-2, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after " + seconds + " s)");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
