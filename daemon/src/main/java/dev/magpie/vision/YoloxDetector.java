package dev.magpie.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.opencv.core.Mat;

/**
 * YOLOX-nano (COCO 80 classes) on ONNX Runtime, as ../shared/models/yolox-nano-onnx/MODEL.md describes it:
 * {@link Letterbox} to 416, {@code session.run}, {@link YoloxDecoder}, per-class {@link NonMaxSuppression}.
 * Thread-safe: each caller borrows a worker (letterbox Mats, tensor and output buffers) from a pool.
 */
public final class YoloxDetector implements Detector {

    public static final int INPUT_SIZE = 416;

    private static final String INPUT = "images";
    private static final String COCO_NAMES = "coco80.txt";

    private final OrtSessions sessions;
    private final OrtSession session;
    private final YoloxDecoder decoder;
    private final DetectorSettings settings;
    private final boolean[] keep;
    private final String sha256;
    private final ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();

    private YoloxDetector(OrtSessions sessions, OrtSession session, List<String> classNames, DetectorSettings settings, String sha256) {
        this.sessions = sessions;
        this.session = session;
        this.decoder = new YoloxDecoder(INPUT_SIZE, classNames);
        this.settings = settings;
        this.keep = keepMask(classNames, settings);
        this.sha256 = sha256;
    }

    /** Loads the model file (resolve it with {@link ModelResolver} and {@link ModelSpec#YOLOX_NANO}). */
    public static YoloxDetector load(Path modelFile, InferenceSettings inference, DetectorSettings settings) throws IOException {
        NativeLibraries.loadOpenCv();
        byte[] model = Files.readAllBytes(modelFile);
        List<String> names = cocoNames();
        keepMask(names, settings); // an unknown class name fails before the session is built
        OrtSessions sessions = new OrtSessions(inference);
        try {
            return new YoloxDetector(sessions, sessions.create(model), names, settings, ModelResolver.sha256(model));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not load " + modelFile + ": " + e.getMessage(), e);
        }
    }

    /** The 80 COCO class names in YOLOX (= darknet) order. */
    public static List<String> cocoNames() {
        try (InputStream in = YoloxDetector.class.getResourceAsStream(COCO_NAMES)) {
            if (in == null) {
                throw new IllegalStateException(COCO_NAMES + " is missing from the jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> classNames() {
        return cocoNames();
    }

    public DetectorSettings settings() {
        return settings;
    }

    public String sha256() {
        return sha256;
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        Worker worker = borrow();
        try {
            double scale = worker.letterbox.toTensor(bgr, worker.tensor);
            float[] output = run(worker);
            List<Detection> candidates = decoder.decode(output, scale, settings.scoreThreshold(), keep);
            return NonMaxSuppression.perClass(candidates, settings.nmsIouThreshold());
        } finally {
            workers.offer(worker);
        }
    }

    private float[] run(Worker worker) {
        worker.input.clear();
        worker.input.put(worker.tensor).flip();
        long[] shape = {1, 3, INPUT_SIZE, INPUT_SIZE};
        try (OnnxTensor input = OnnxTensor.createTensor(sessions.environment(), worker.input, shape);
             OrtSession.Result result = session.run(Map.of(INPUT, input))) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(worker.output);
            return worker.output;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the detector: " + e.getMessage(), e);
        }
    }

    private static boolean[] keepMask(List<String> names, DetectorSettings settings) {
        if (settings.classes().isEmpty()) {
            return null;
        }
        boolean[] mask = new boolean[names.size()];
        for (String wanted : settings.classes()) {
            int index = names.indexOf(wanted);
            if (index < 0) {
                throw new IllegalArgumentException("unknown detector class '" + wanted + "'; the COCO classes are " + names);
            }
            mask[index] = true;
        }
        return mask;
    }

    private Worker borrow() {
        Worker worker = workers.poll();
        return worker != null ? worker : new Worker(decoder.rows() * decoder.rowLength());
    }

    @Override
    public void close() {
        Worker worker;
        while ((worker = workers.poll()) != null) {
            worker.letterbox.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new UncheckedIOException(new IOException("closing the ONNX session failed", e));
        }
    }

    /** One caller's scratch space. */
    private static final class Worker {
        final Letterbox letterbox = new Letterbox(INPUT_SIZE);
        final float[] tensor = new float[letterbox.tensorLength()];
        final FloatBuffer input = ByteBuffer.allocateDirect(tensor.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        final float[] output;

        Worker(int outputLength) {
            output = new float[outputLength];
        }
    }
}
