package dev.magpie.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.magpie.testing.DarknetSamples;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.BoxCrops;
import dev.magpie.vision.Detection;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.InatBirdClassifier;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.NativeLibraries;
import dev.magpie.vision.SpeciesPrediction;
import dev.magpie.vision.YoloxDetector;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The detector bars of issue 5, measured side by side in one run, interleaved per photo:
 * <ol>
 *   <li>{@link YoloxDetector#detect} ≤ 1.10 × its bare parts: letterbox (OpenCV resize onto a 114 canvas, a float
 *       loop), ORT {@code session.run} on a second session with the same options, and decode + per-class NMS written
 *       out here from MODEL.md;</li>
 *   <li>detect + padded crop + {@link InatBirdClassifier#classify} for one bird ≤ 1.2 × (the bare detector parts +
 *       bare TFLite: resize, RGB, copy in, {@code Invoke}, read out) on a second interpreter.</li>
 * </ol>
 * Run: {@code bench/run.sh DetectorOverheadBench [rounds]} (its last output is kept in bench/detector-overhead.txt).
 */
public final class DetectorOverheadBench {

    private static final int S = 416;

    public static void main(String[] args) throws Exception {
        NativeLibraries.loadOpenCv();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path models = SharedFiles.models();
        Path yolox = models.resolve("yolox-nano-onnx/yolox_nano.onnx");
        Path inat = models.resolve("inat-bird-tflite/mobilenet_v2_1.0_224_inat_bird_quant.tflite");
        Path labels = models.resolve("inat-bird-tflite/inat_bird_labels.txt");
        List<Path> photos = new ArrayList<>(List.of(SharedFiles.sample("owl.jpg"), SharedFiles.sample("pets.jpg"), SharedFiles.sample("hot_dog.jpg")));
        DarknetSamples.photo("eagle.jpg").ifPresentOrElse(photos::add,
                () -> System.out.println("(eagle.jpg left out: " + DarknetSamples.WHY_MISSING + ")"));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        System.out.printf(Locale.ROOT, "Detector overhead, %s, %d cores, Java %s, ORT 1 intra-op thread, spinning off, TFLite 1 thread, %d rounds per photo after a warm-up pass; load average %.1f%n",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rounds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-22s %4s %8s %8s %8s %8s %9s %7s %8s %9s %7s%n", "photo (size)", "n",
                "letterb", "run", "dec+nms", "bare ms", "magpie ms", "det×", "tflite", "magpie+sp", "both×");
        try (OrtSession bare = env.createSession(Files.readAllBytes(yolox), options);
             YoloxDetector detector = YoloxDetector.load(yolox, InferenceSettings.DEFAULT, DetectorSettings.DEFAULT);
             InatBirdClassifier species = InatBirdClassifier.load(inat, labels, 1);
             BareTflite bareTflite = new BareTflite(inat)) {
            double[] all = new double[5]; // bare det, magpie det, bare det (bird photos), bare tflite, magpie det+species
            // pass 0 warms every code path (JIT, ORT and TFLite arenas) on every photo, so the first photo's row is not
            // skewed by the other side's first calls; pass 1 measures
            for (int pass = 0; pass < 2; pass++) {
            boolean measure = pass == 1;
            for (Path photo : photos) {
                Mat image = Imgcodecs.imread(photo.toString());
                double[] sums = new double[7];
                int n = 0;
                boolean bird = false;
                for (int round = 0; round < (measure ? rounds + 3 : 5); round++) {
                    long t0 = System.nanoTime();
                    float[] tensor = new float[3 * S * S];
                    double r = bareLetterbox(image, tensor);
                    long t1 = System.nanoTime();
                    float[] head = bareRun(env, bare, tensor);
                    long t2 = System.nanoTime();
                    List<double[]> bareBoxes = bareDecodeNms(head, r);
                    long t3 = System.nanoTime();
                    List<Detection> ours = detector.detect(image);
                    long t4 = System.nanoTime();
                    Detection firstBird = ours.stream().filter(d -> d.className().equals("bird")).findFirst().orElse(null);
                    long t5 = 0;
                    long t6 = 0;
                    long t7 = 0;
                    if (firstBird != null) {
                        Mat crop = BoxCrops.crop(image, firstBird, 0.1);
                        t5 = System.nanoTime();
                        int bareTop = bareTflite.top1(crop);
                        t6 = System.nanoTime();
                        crop.release();
                        List<Detection> found = detector.detect(image);
                        Mat ourCrop = BoxCrops.crop(image, found.get(0), 0.1);
                        SpeciesPrediction top = species.classify(ourCrop, 3).get(0);
                        ourCrop.release();
                        t7 = System.nanoTime();
                        if (round == 0 && top.index() != bareTop) {
                            throw new IllegalStateException("species differ: " + top + " vs bare " + bareTop);
                        }
                    }
                    if (round == 0 && bareBoxes.size() != ours.size()) {
                        throw new IllegalStateException("detections differ: bare " + bareBoxes.size() + ", Magpie " + ours);
                    }
                    if (round < 3 || !measure) {
                        continue; // warm-up
                    }
                    sums[0] += t1 - t0;
                    sums[1] += t2 - t1;
                    sums[2] += t3 - t2;
                    sums[3] += t3 - t0;
                    sums[4] += t4 - t3;
                    if (firstBird != null) {
                        bird = true;
                        sums[5] += t6 - t5;
                        sums[6] += t7 - t6;
                    }
                    n++;
                }
                if (!measure) {
                    image.release();
                    continue;
                }
                all[0] += sums[3];
                all[1] += sums[4];
                if (bird) {
                    all[2] += sums[3];
                    all[3] += sums[5];
                    all[4] += sums[6];
                }
                System.out.printf(Locale.ROOT, "%-22s %4d %8.2f %8.2f %8.2f %8.2f %9.2f %7.3f %8s %9s %7s%n",
                        photo.getFileName() + " (" + image.cols() + "×" + image.rows() + ")", n, ms(sums[0], n), ms(sums[1], n), ms(sums[2], n),
                        ms(sums[3], n), ms(sums[4], n), sums[4] / sums[3],
                        bird ? String.format(Locale.ROOT, "%.2f", ms(sums[5], n)) : "-",
                        bird ? String.format(Locale.ROOT, "%.2f", ms(sums[6], n)) : "-",
                        bird ? String.format(Locale.ROOT, "%.3f", sums[6] / (sums[3] + sums[5])) : "-");
                image.release();
            }
            }
            double detRatio = all[1] / all[0];
            double bothRatio = all[4] / (all[2] + all[3]);
            System.out.printf(Locale.ROOT, "overall: detector stage %.3f × bare parts (bar 1.10: %s); detection + species for one bird %.3f × bare parts (bar 1.20: %s)%n",
                    detRatio, detRatio <= 1.10 ? "PASS" : "FAIL", bothRatio, bothRatio <= 1.20 ? "PASS" : "FAIL");
        }
    }

    /** MODEL.md's preprocessing, written out plainly with fresh Mats every call. */
    private static double bareLetterbox(Mat bgr, float[] out) {
        double r = Math.min((double) S / bgr.rows(), (double) S / bgr.cols());
        int w = (int) Math.round(bgr.cols() * r);
        int h = (int) Math.round(bgr.rows() * r);
        Mat resized = new Mat();
        Imgproc.resize(bgr, resized, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
        Mat canvas = new Mat(S, S, CvType.CV_8UC3, new Scalar(114, 114, 114));
        Mat roi = canvas.submat(new Rect(0, 0, w, h));
        resized.copyTo(roi);
        byte[] pixels = new byte[S * S * 3];
        canvas.get(0, 0, pixels);
        roi.release();
        canvas.release();
        resized.release();
        int plane = S * S;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[i] = pixels[p] & 0xFF;
            out[plane + i] = pixels[p + 1] & 0xFF;
            out[2 * plane + i] = pixels[p + 2] & 0xFF;
        }
        return r;
    }

    private static float[] bareRun(OrtEnvironment env, OrtSession session, float[] tensor) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor), new long[] {1, 3, S, S});
             OrtSession.Result result = session.run(Map.of("images", input))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] head = new float[buffer.remaining()];
            buffer.get(head);
            return head;
        }
    }

    /** Decode per MODEL.md, threshold 0.3, per-class NMS at IoU 0.45. Boxes are {cls, score, x1, y1, x2, y2}. */
    private static List<double[]> bareDecodeNms(float[] head, double r) {
        List<double[]> boxes = new ArrayList<>();
        int row = 0;
        for (int stride : new int[] {8, 16, 32}) {
            int grid = S / stride;
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++, row++) {
                    int b = row * 85;
                    int best = 0;
                    for (int c = 1; c < 80; c++) {
                        if (head[b + 5 + c] > head[b + 5 + best]) {
                            best = c;
                        }
                    }
                    double score = head[b + 4] * head[b + 5 + best];
                    if (score < 0.3) {
                        continue;
                    }
                    double cx = (head[b] + gx) * stride;
                    double cy = (head[b + 1] + gy) * stride;
                    double w = Math.exp(head[b + 2]) * stride;
                    double h = Math.exp(head[b + 3]) * stride;
                    boxes.add(new double[] {best, score, (cx - w / 2) / r, (cy - h / 2) / r, (cx + w / 2) / r, (cy + h / 2) / r});
                }
            }
        }
        boxes.sort(Comparator.comparingDouble((double[] d) -> d[1]).reversed());
        List<double[]> kept = new ArrayList<>();
        for (double[] box : boxes) {
            if (kept.stream().noneMatch(k -> k[0] == box[0] && iou(k, box) > 0.45)) {
                kept.add(box);
            }
        }
        return kept;
    }

    private static double iou(double[] a, double[] b) {
        double iw = Math.min(a[4], b[4]) - Math.max(a[2], b[2]);
        double ih = Math.min(a[5], b[5]) - Math.max(a[3], b[3]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / ((a[4] - a[2]) * (a[5] - a[3]) + (b[4] - b[2]) * (b[5] - b[3]) - inter);
    }

    private static double ms(double nanos, int n) {
        return nanos / n / 1e6;
    }

    /** TFLITE-RUNTIME.md's recipe, step by step, on its own interpreter. */
    private static final class BareTflite implements AutoCloseable {
        final FlatBufferModel model;
        final BuiltinOpResolver resolver = new BuiltinOpResolver();
        final Interpreter interpreter = new Interpreter((Pointer) null);

        BareTflite(Path file) {
            model = FlatBufferModel.BuildFromFile(file.toString());
            new InterpreterBuilder(model, resolver).apply(interpreter);
            interpreter.SetNumThreads(1);
            interpreter.AllocateTensors();
        }

        int top1(Mat bgr) {
            Mat resized = new Mat();
            Imgproc.resize(bgr, resized, new Size(224, 224), 0, 0, Imgproc.INTER_LINEAR);
            Mat rgb = new Mat();
            Imgproc.cvtColor(resized, rgb, Imgproc.COLOR_BGR2RGB);
            byte[] pixels = new byte[224 * 224 * 3];
            rgb.get(0, 0, pixels);
            resized.release();
            rgb.release();
            new BytePointer(interpreter.input_tensor(0).data().raw()).capacity(pixels.length).put(pixels);
            interpreter.Invoke();
            var out = interpreter.output_tensor(0);
            byte[] q = new byte[(int) out.bytes()];
            new BytePointer(out.data().raw()).capacity(q.length).get(q);
            float scale = out.params().scale();
            int zero = out.params().zero_point();
            int best = 0;
            double bestScore = -1;
            for (int i = 0; i < q.length; i++) {
                double p = ((q[i] & 0xFF) - zero) * (double) scale;
                if (p > bestScore) {
                    bestScore = p;
                    best = i;
                }
            }
            return best;
        }

        @Override
        public void close() {
            interpreter.close();
            resolver.close();
            model.close();
        }
    }

    private DetectorOverheadBench() {
    }
}
