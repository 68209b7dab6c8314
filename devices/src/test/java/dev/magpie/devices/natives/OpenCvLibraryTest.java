package dev.magpie.devices.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class OpenCvLibraryTest {

    @Test
    void loadedOpenCvWorks() {
        OpenCvLibrary.load();
        OpenCvLibrary.load(); // the second call is free

        Mat mat = new Mat(2, 2, CvType.CV_8UC1, new Scalar(7));
        try {
            assertThat(mat.rows()).isEqualTo(2);
            assertThat(Core.sumElems(mat).val[0]).isEqualTo(28.0);
        } finally {
            mat.release();
        }
    }

    @Test
    void knowsWhereOpenpnpKeepsEachLinuxLibrary() {
        assertThat(OpenCvLibrary.resourceFor("Linux", "amd64")).hasValue("/nu/pattern/opencv/linux/x86_64/libopencv_java490.so");
        assertThat(OpenCvLibrary.resourceFor("Linux", "x86_64")).hasValue("/nu/pattern/opencv/linux/x86_64/libopencv_java490.so");
        assertThat(OpenCvLibrary.resourceFor("Linux", "aarch64")).hasValue("/nu/pattern/opencv/linux/ARMv8/libopencv_java490.so");
        assertThat(OpenCvLibrary.resourceFor("Linux", "arm")).hasValue("/nu/pattern/opencv/linux/ARMv7/libopencv_java490.so");
        assertThat(OpenCvLibrary.resourceFor("Linux", "x86")).isEmpty();
        assertThat(OpenCvLibrary.resourceFor("Mac OS X", "aarch64")).isEmpty();
        assertThat(OpenCvLibrary.resourceFor("Windows 11", "amd64")).isEmpty();
    }

    /** Two JVMs, one after the other, as after a kill -9: both map the one cached copy, and no second copy appears. */
    @Test
    void separateJvmsShareOneCopy(@TempDir Path temp) throws Exception {
        Path cache = temp.resolve("natives");

        String first = runChild(cache);
        List<Path> afterFirst = listing(cache);
        assertThat(afterFirst).hasSize(1);
        assertThat(afterFirst.get(0).getFileName().toString()).matches("libopencv_java490-[0-9a-f]{8}-[0-9]+\\.so");
        assertThat(first).isEqualTo(afterFirst.get(0).toRealPath().toString());

        String second = runChild(cache);
        assertThat(second).isEqualTo(first);
        assertThat(listing(cache)).isEqualTo(afterFirst);
    }

    /** Runs {@link Child} in a fresh JVM and returns the OpenCV library it mapped. */
    private static String runChild(Path cache) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(),
                "-D" + OpenCvLibrary.CACHE_DIR_PROPERTY + "=" + cache,
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(l -> l.startsWith("mapped ")).map(l -> l.substring(7)).findFirst().orElseThrow(
                () -> new AssertionError("the child mapped no OpenCV library:\n" + output));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Loads OpenCV, uses it, and prints which library file the process mapped. */
    static final class Child {
        public static void main(String[] args) throws IOException {
            OpenCvLibrary.load();
            Mat mat = new Mat(2, 2, CvType.CV_8UC1);
            mat.release();
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                maps.filter(l -> l.contains("libopencv_java490"))
                        .map(l -> l.substring(l.indexOf('/')))
                        .distinct()
                        .forEach(path -> System.out.println("mapped " + path));
            }
        }
    }
}
