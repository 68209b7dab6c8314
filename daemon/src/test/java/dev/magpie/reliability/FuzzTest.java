package dev.magpie.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link FuzzMain} in a child JVM ({@code -Xmx256m}) for {@code magpie.fuzz.seconds} (default 60) with seed
 * {@code magpie.fuzz.seed} (default 1): the child must exit 0 (a native crash in a decoder would end it by a
 * signal, leaving the input that did it in {@code last-input.bin}), report no finding, and stay under 600 MB RSS.
 */
@Tag("reliability")
class FuzzTest {

    @TempDir
    Path temp;

    @Test
    void mutatedImagesAndZipsAreRefusedOrDecodedNeverCrash() throws Exception {
        long seconds = Long.getLong("magpie.fuzz.seconds", 60);
        long seed = Long.getLong("magpie.fuzz.seed", 1);
        Path log = temp.resolve("fuzz.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                FuzzMain.class.getName(), Long.toString(seconds), Long.toString(seed), temp.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(seconds + 120, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String summary = lines.stream().filter(l -> l.startsWith("FUZZ ") || l.startsWith("FINDING ")).reduce("",
                (a, b) -> a + b + "\n");
        System.out.println(summary);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        assertThat(finished).as("fuzz child hung:\n" + tail).isTrue();
        assertThat(child.exitValue()).as("fuzz child crashed (last input: " + temp.resolve("work/last-input.bin") + "):\n" + tail)
                .isZero();
        assertThat(summary).as(tail).contains("findings=0");
        long rssKb = Long.parseLong(summary.replaceAll("(?s).*VmHWM: (\\d+) kB.*", "$1"));
        assertThat(rssKb).as("peak RSS of the fuzz child").isLessThan(600 * 1024);
    }
}
