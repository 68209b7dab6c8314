package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSourceTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writeJpegs() throws IOException {
        Files.write(dir.resolve("a.jpg"), TestJpegs.jpeg(40, 30, 30));
        Files.write(dir.resolve("b.jpg"), TestJpegs.jpeg(40, 30, 130));
        Files.write(dir.resolve("c.jpg"), TestJpegs.jpeg(40, 30, 230));
    }

    private CommandSource shell(String script) {
        return new CommandSource("test", List.of("sh", "-c", script), new StreamLimits(16 * 1024, 3),
                Clock.systemUTC());
    }

    @Test
    void readsConcatenatedJpegsFromStdoutThenReportsTheExit() throws Exception {
        try (CommandSource source = shell("cd '" + dir + "' && cat a.jpg b.jpg c.jpg")) {
            source.open();
            for (int expected : new int[] {30, 130, 230}) {
                try (Frame frame = source.read()) {
                    assertThat(TestJpegs.grey(frame)).isCloseTo(expected, within(3));
                }
            }
            assertThatThrownBy(source::read).isInstanceOf(IOException.class)
                    .isNotInstanceOf(EndOfStreamException.class)
                    .hasMessageContaining("command:test exited (code 0)");
        }
    }

    @Test
    void exitWithAnErrorCarriesTheLastStderrLines() throws Exception {
        try (CommandSource source = shell("echo 'starting' >&2; echo 'ERROR: no cameras available' >&2; exit 3")) {
            source.open();
            assertThatThrownBy(source::read).hasMessageContaining("exited (code 3)")
                    .hasMessageContaining("starting | ERROR: no cameras available");
        }
    }

    @Test
    void garbageBetweenFramesIsSkipped() throws Exception {
        try (CommandSource source = shell("cd '" + dir + "' && printf 'noise' && cat a.jpg && printf 'xx' && cat c.jpg")) {
            source.open();
            source.read().close();
            try (Frame frame = source.read()) {
                assertThat(TestJpegs.grey(frame)).isCloseTo(230, within(3));
                assertThat(frame.sequence()).isEqualTo(2);
            }
        }
    }

    @Test
    void missingProgramIsReportedClearly() {
        CommandSource source = new CommandSource("ghost", List.of("/nonexistent/rpicam-vid", "-t", "0"));
        assertThatThrownBy(source::open).hasMessageContaining("cannot start /nonexistent/rpicam-vid")
                .hasMessageContaining("is it installed");
    }

    @Test
    void closeKillsTheWholeProcessTree() throws Exception {
        CommandSource source = shell("cd '" + dir + "' && cat a.jpg; sleep 300 & echo $! > child.pid; wait");
        source.open();
        source.read().close();
        Path pidFile = dir.resolve("child.pid");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the shell writes the pid right after forking; bounded wait, no sleep
        }
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(child)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        source.close();

        ProcessHandle.of(child).ifPresent(p -> p.onExit().join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }
}
