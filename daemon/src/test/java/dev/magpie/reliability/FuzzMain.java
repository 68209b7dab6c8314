package dev.magpie.reliability;

import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.ImportLimits;
import dev.magpie.dataset.ZipImporter;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.ImageRejectedException;
import dev.magpie.vision.NativeLibraries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.CvType;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The fuzz loop, run in a child JVM by {@link FuzzTest} so that a native crash in OpenCV's decoders kills only the
 * child: seeded mutations (bit flips, truncation, chunk duplication, byte insertion, length-field tweaks) of valid
 * JPEG, PNG, GIF, BMP, WebP images and label-folder zips, fed to {@link ImageDecoder#decode} and
 * {@link ZipImporter#importZip}. Documented refusals ({@link ImageRejectedException}, {@link DatasetException} and
 * per-file refusals in the report) are expected; anything else is a finding. Before each input it writes the input
 * to {@code last-input.bin}, so a crash leaves the input that caused it. Prints one summary line at the end.
 *
 * <p>Usage: {@code FuzzMain SECONDS SEED WORKDIR}
 */
public final class FuzzMain {

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        NativeLibraries.loadOpenCv();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        List<byte[]> images = imageSeeds();
        List<byte[]> zips = zipSeeds(images);
        Random random = new Random(seed);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long executions = 0;
        long maxHeap = 0;
        Path last = work.resolve("last-input.bin");
        try (DatasetStore store = DatasetStore.open(work.resolve("data"), decoder)) {
            ZipImporter importer = new ZipImporter(store, ImportLimits.DEFAULT);
            while (System.nanoTime() < deadline) {
                boolean zip = random.nextInt(8) == 0;
                byte[] seedInput = zip ? zips.get(random.nextInt(zips.size())) : images.get(random.nextInt(images.size()));
                byte[] input = Mutator.mutate(seedInput, random);
                Files.write(last, input);
                executions++;
                String outcome;
                try {
                    if (zip) {
                        Path file = work.resolve("input.zip");
                        Files.write(file, input);
                        var report = importer.importZip(file, false);
                        outcome = "zip-report";
                    } else {
                        try (DecodedImage image = decoder.decode(input)) {
                            outcome = "decoded-" + image.format();
                        }
                    }
                } catch (ImageRejectedException e) {
                    outcome = "rejected-" + e.reason();
                } catch (DatasetException e) {
                    outcome = "dataset-refused";
                } catch (Throwable t) {
                    outcome = "FINDING-" + t.getClass().getSimpleName();
                    if (findings.size() < 20) {
                        StringWriter trace = new StringWriter();
                        t.printStackTrace(new PrintWriter(trace));
                        Path saved = work.resolve("finding-" + findings.size() + (zip ? ".zip" : ".bin"));
                        Files.write(saved, input);
                        findings.add(saved + ": " + trace.toString().lines().limit(6).reduce((a, b) -> a + " | " + b).orElse(""));
                    }
                }
                outcomes.merge(outcome, 1L, Long::sum);
                if (executions % 200 == 0) {
                    Runtime rt = Runtime.getRuntime();
                    maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
                }
            }
        }
        String vmHwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        System.out.println("FUZZ executions=" + executions + " findings=" + findings.size() + " maxHeapMB="
                + maxHeap / (1 << 20) + " " + vmHwm + " outcomes=" + outcomes);
        findings.forEach(f -> System.out.println("FINDING " + f));
    }

    static List<byte[]> imageSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String format : List.of("png", "jpg", "gif", "bmp")) {
            seeds.add(SyntheticImages.image("red", 1, format));
            seeds.add(SyntheticImages.image("blue", 2, format));
        }
        Mat mat = new Mat(48, 40, CvType.CV_8UC3, new Scalar(30, 120, 200));
        for (String ext : List.of(".webp", ".png", ".jpg", ".bmp")) {
            MatOfByte out = new MatOfByte();
            Imgcodecs.imencode(ext, mat, out);
            seeds.add(out.toArray());
            out.release();
        }
        mat.release();
        return seeds;
    }

    static List<byte[]> zipSeeds(List<byte[]> images) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (int z = 0; z < 3; z++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                if (z == 2) {
                    zip.setMethod(ZipOutputStream.DEFLATED);
                    zip.setLevel(0);
                }
                for (int i = 0; i < 3; i++) {
                    zip.putNextEntry(new ZipEntry((i % 2 == 0 ? "red" : "blue") + "/" + z + i + ".img"));
                    zip.write(images.get((z * 3 + i) % images.size()));
                    zip.closeEntry();
                }
            }
            seeds.add(bytes.toByteArray());
        }
        return seeds;
    }
}
