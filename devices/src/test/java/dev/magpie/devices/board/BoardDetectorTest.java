package dev.magpie.devices.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardDetectorTest {

    @TempDir
    Path root;

    /** A fixture tree under src/test/resources/dev/magpie/devices/board/, copied from a real board. */
    private static BoardDetector fixture(String name, String jvmArchitecture) throws URISyntaxException {
        Path dir = Path.of(BoardDetectorTest.class.getResource(name).toURI());
        return new BoardDetector(dir, jvmArchitecture);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void raspberryPi4IsArmv8WithoutDotProduct() throws Exception {
        Board board = fixture("pi4", "aarch64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.PI_4);
        assertThat(board.model()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
        assertThat(board.cpuArchitecture()).isEqualTo("aarch64");
        assertThat(board.cpuFeatures()).contains("asimd", "crc32").doesNotContain("asimddp", "atomics");
        assertThat(board.hasInt8DotProduct()).isFalse();
        assertThat(board.cores()).isEqualTo(4);
        assertThat(board.totalMemoryBytes()).isEqualTo(3882756L * 1024);
    }

    @Test
    void raspberryPi5HasDotProduct() throws Exception {
        Board board = fixture("pi5", "aarch64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.PI_5);
        assertThat(board.model()).isEqualTo("Raspberry Pi 5 Model B Rev 1.0");
        assertThat(board.cpuArchitecture()).isEqualTo("aarch64");
        assertThat(board.cpuFeatures()).contains("asimd", "asimddp", "atomics");
        assertThat(board.hasInt8DotProduct()).isTrue();
        assertThat(board.cores()).isEqualTo(4);
        assertThat(board.totalMemoryBytes()).isEqualTo(8245632L * 1024);
        assertThat(board.summary())
                .isEqualTo("Raspberry Pi 5 Model B Rev 1.0 (PI_5, aarch64, 4 cores, 7.9 GiB, int8 dot product)");
    }

    @Test
    void jetsonOrinIsFoundByTegraRelease() throws Exception {
        Board board = fixture("jetson-orin", "aarch64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.JETSON);
        assertThat(board.model()).isEqualTo("NVIDIA Jetson Orin Nano Developer Kit");
        assertThat(board.cpuArchitecture()).isEqualTo("aarch64");
        assertThat(board.hasInt8DotProduct()).isTrue();
        assertThat(board.cores()).isEqualTo(6);
        assertThat(board.totalMemoryBytes()).isEqualTo(7802828L * 1024);
    }

    @Test
    void x86VirtualMachineIsGenericWithAvx512Vnni() throws Exception {
        Board board = fixture("x86-vm", "amd64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.GENERIC_X86_64);
        assertThat(board.model()).isEqualTo("AMD EPYC");
        assertThat(board.cpuArchitecture()).isEqualTo("x86_64");
        assertThat(board.cpuFeatures()).contains("avx2", "avx512_vnni");
        assertThat(board.hasInt8DotProduct()).isTrue();
        assertThat(board.cores()).isEqualTo(2);
        assertThat(board.totalMemoryBytes()).isEqualTo(24684084L * 1024);
    }

    @Test
    void temperatureIsReadInMillidegrees() throws Exception {
        assertThat(fixture("pi4", "aarch64").cpuTemperatureCelsius()).hasValue(48.85);
        assertThat(fixture("jetson-orin", "aarch64").cpuTemperatureCelsius()).hasValue(45.437);
    }

    @Test
    void noThermalZoneMeansNoTemperature() throws Exception {
        assertThat(fixture("x86-vm", "amd64").cpuTemperatureCelsius()).isEmpty();
    }

    @Test
    void garbledTemperatureMeansNoTemperature() throws Exception {
        write("sys/class/thermal/thermal_zone0/temp", "n/a\n");

        assertThat(new BoardDetector(root, "aarch64").cpuTemperatureCelsius()).isEmpty();
    }

    @Test
    void pi400AndComputeModulesCountAsTheirSoc() throws Exception {
        write("proc/device-tree/model", "Raspberry Pi Compute Module 4 Rev 1.1\0");
        assertThat(new BoardDetector(root, "aarch64").detect().kind()).isEqualTo(Board.Kind.PI_4);

        write("proc/device-tree/model", "Raspberry Pi 400 Rev 1.0\0");
        assertThat(new BoardDetector(root, "aarch64").detect().kind()).isEqualTo(Board.Kind.PI_4);

        write("proc/device-tree/model", "Raspberry Pi 500 Rev 1.0\0");
        assertThat(new BoardDetector(root, "aarch64").detect().kind()).isEqualTo(Board.Kind.PI_5);
    }

    @Test
    void olderPiOn64BitKernelIsGenericArm64() throws Exception {
        write("proc/device-tree/model", "Raspberry Pi 3 Model B Plus Rev 1.3\0");
        write("proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU architecture: 8\n");

        Board board = new BoardDetector(root, "aarch64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.GENERIC_ARM64);
        assertThat(board.model()).isEqualTo("Raspberry Pi 3 Model B Plus Rev 1.3");
        assertThat(board.cores()).isEqualTo(1);
    }

    @Test
    void thirtyTwoBitKernelOnPi4ReportsArmv7() throws Exception {
        write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5\0");
        write("proc/cpuinfo", "processor\t: 0\nmodel name\t: ARMv7 Processor rev 3 (v7l)\n"
                + "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt lpae evtstrm crc32\n"
                + "CPU architecture: 7\n");

        Board board = new BoardDetector(root, "arm").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.PI_4);
        assertThat(board.cpuArchitecture()).isEqualTo("armv7");
    }

    @Test
    void featureMissingOnOneCoreIsNotReported() throws Exception {
        write("proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd asimddp\nCPU architecture: 8\n\n"
                + "processor\t: 1\nFeatures\t: fp asimd\nCPU architecture: 8\n");

        Board board = new BoardDetector(root, "aarch64").detect();

        assertThat(board.cpuFeatures()).isEqualTo(Set.of("fp", "asimd"));
        assertThat(board.cores()).isEqualTo(2);
    }

    @Test
    void emptyRootFallsBackToJvmArchitecture() {
        Board board = new BoardDetector(root, "amd64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.GENERIC_X86_64);
        assertThat(board.model()).isEqualTo("unknown");
        assertThat(board.cpuFeatures()).isEmpty();
        assertThat(board.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(board.totalMemoryBytes()).isZero();
    }

    @Test
    void hostCpuInfoSeenUnderEmulationIsIgnored() throws Exception {
        // qemu-aarch64 on an x86 host passes the host's /proc/cpuinfo through.
        Path x86 = Path.of(BoardDetectorTest.class.getResource("x86-vm").toURI());
        write("proc/cpuinfo", Files.readString(x86.resolve("proc/cpuinfo")));

        Board board = new BoardDetector(root, "aarch64").detect();

        assertThat(board.kind()).isEqualTo(Board.Kind.GENERIC_ARM64);
        assertThat(board.cpuArchitecture()).isEqualTo("aarch64");
        assertThat(board.cpuFeatures()).isEmpty();
        assertThat(board.model()).isEqualTo("unknown");
        assertThat(board.cores()).isEqualTo(2);
    }

    @Test
    void unknownArchitectureIsOther() {
        assertThat(new BoardDetector(root, "riscv64").detect().kind()).isEqualTo(Board.Kind.OTHER);
    }

    @Test
    void thisMachineIsDetectedWithoutErrors() {
        Board board = BoardDetector.forThisMachine().detect();

        assertThat(board.cores()).isPositive();
        assertThat(board.cpuArchitecture()).isNotBlank();
    }

    @Test
    void boardRejectsZeroCores() {
        assertThatThrownBy(() -> new Board(Board.Kind.OTHER, "x", "x86_64", Set.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cores");
    }
}
