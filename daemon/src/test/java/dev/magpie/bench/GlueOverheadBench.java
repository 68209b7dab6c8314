package dev.magpie.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.EmbeddingOutputPatch;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The glue-overhead bar: Magpie's frame → embedding and JPEG bytes → embedding against the bare parts (OpenCV
 * resize/crop/normalise and ORT {@code session.run} on the same tensor; plus bare {@code imdecode}), measured side by
 * side in one run, interleaved per image so drift on a shared machine hits both sides alike.
 *
 * <p>Run: {@code bench/run.sh GlueOverheadBench} (its last output is kept in bench/glue-overhead.txt).
 */
public final class GlueOverheadBench {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    public static void main(String[] args) throws Exception {
        NativeLibraries.loadOpenCv();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path modelFile = SharedFiles.backbone();
        byte[] patched = EmbeddingOutputPatch.apply(Files.readAllBytes(modelFile), "472_quantized", "464_scale", "464_zero_point", 1280);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        System.out.printf(Locale.ROOT, "Glue overhead, %s, %d cores, Java %s, 1 intra-op thread, spinning off%n",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-40s %5s %9s %9s %9s %9s %7s %7s%n", "dataset (size)", "n",
                "bare ms", "magpie ms", "bare+dec", "magpie+d", "frame×", "bytes×");
        try (OrtSession bare = env.createSession(patched, options);
             OnnxBackbone backbone = OnnxBackbone.mobileNetV2(modelFile, InferenceSettings.DEFAULT)) {
            double worstFrame = 0;
            double worstBytes = 0;
            for (Path dataset : datasets()) {
                List<byte[]> photos = photos(dataset, 60);
                double[] sums = new double[4];
                int n = 0;
                String size = "";
                for (int round = 0; round < rounds + 1; round++) {
                    for (byte[] bytes : photos) {
                        long t0 = System.nanoTime();
                        Mat bareDecoded = Imgcodecs.imdecode(new MatOfByte(bytes), Imgcodecs.IMREAD_COLOR);
                        long t1 = System.nanoTime();
                        float[] reference = bareEmbedding(env, bare, bareDecoded);
                        long t2 = System.nanoTime();
                        float[] ours;
                        long t3;
                        long t4;
                        try (DecodedImage decoded = decoder.decode(bytes)) {
                            t3 = System.nanoTime();
                            ours = backbone.embed(decoded.bgr());
                            t4 = System.nanoTime();
                        }
                        size = bareDecoded.cols() + "×" + bareDecoded.rows();
                        bareDecoded.release();
                        if (round == 0) {
                            check(reference, ours);
                            continue; // warm-up
                        }
                        sums[0] += t2 - t1;          // bare preprocess + run, from a decoded frame
                        sums[1] += t4 - t3;          // Magpie, from a decoded frame
                        sums[2] += t2 - t0;          // bare decode + preprocess + run
                        sums[3] += t4 - t2;          // Magpie decode (with its checks) + embed
                        n++;
                    }
                }
                double frameRatio = sums[1] / sums[0];
                double bytesRatio = sums[3] / sums[2];
                worstFrame = Math.max(worstFrame, frameRatio);
                worstBytes = Math.max(worstBytes, bytesRatio);
                System.out.printf(Locale.ROOT, "%-40s %5d %9.2f %9.2f %9.2f %9.2f %7.3f %7.3f%n",
                        dataset.getFileName() + " (" + size + ")", n, ms(sums[0], n), ms(sums[1], n), ms(sums[2], n),
                        ms(sums[3], n), frameRatio, bytesRatio);
            }
            System.out.printf(Locale.ROOT, "worst ratio: frame→embedding %.3f (bar 1.10: %s), bytes→embedding %.3f (bar 1.10: %s)%n",
                    worstFrame, worstFrame <= 1.10 ? "PASS" : "FAIL", worstBytes, worstBytes <= 1.10 ? "PASS" : "FAIL");
        }
    }

    /** The bare parts: resize, crop, normalise to NCHW, wrap, run. The same arithmetic as MODEL.md, no reuse, no pool. */
    static float[] bareEmbedding(OrtEnvironment env, OrtSession session, Mat bgr) throws Exception {
        double scale = 256.0 / Math.min(bgr.cols(), bgr.rows());
        int w = Math.max(224, (int) Math.round(bgr.cols() * scale));
        int h = Math.max(224, (int) Math.round(bgr.rows() * scale));
        Mat resized = new Mat();
        Imgproc.resize(bgr, resized, new Size(w, h), 0, 0, scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        Mat crop = resized.submat(new Rect((w - 224) / 2, (h - 224) / 2, 224, 224)).clone();
        byte[] pixels = new byte[224 * 224 * 3];
        crop.get(0, 0, pixels);
        crop.release();
        resized.release();
        float[] tensor = new float[3 * 224 * 224];
        int plane = 224 * 224;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            tensor[i] = ((pixels[p + 2] & 0xFF) / 255f - MEAN[0]) / STD[0];
            tensor[plane + i] = ((pixels[p + 1] & 0xFF) / 255f - MEAN[1]) / STD[1];
            tensor[2 * plane + i] = ((pixels[p] & 0xFF) / 255f - MEAN[2]) / STD[2];
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor), new long[] {1, 3, 224, 224});
             OrtSession.Result result = session.run(Map.of("input", input), Set.of("embedding"))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }

    private static void check(float[] reference, float[] ours) {
        for (int i = 0; i < reference.length; i++) {
            if (Math.abs(reference[i] - ours[i]) > 1e-3f) {
                throw new IllegalStateException("Magpie's embedding differs from the bare one at " + i + ": " + ours[i] + " vs " + reference[i]);
            }
        }
    }

    private static double ms(double nanos, int n) {
        return nanos / n / 1e6;
    }

    private static List<Path> datasets() throws IOException {
        try (Stream<Path> dirs = Files.list(SharedFiles.datasets())) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<byte[]> photos(Path dataset, int limit) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataset)) {
            files = new ArrayList<>(walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$")).sorted().toList());
        }
        List<byte[]> photos = new ArrayList<>();
        int step = Math.max(1, files.size() / limit);
        for (int i = 0; i < files.size() && photos.size() < limit; i += step) {
            photos.add(Files.readAllBytes(files.get(i)));
        }
        return photos;
    }

    private GlueOverheadBench() {
    }
}
