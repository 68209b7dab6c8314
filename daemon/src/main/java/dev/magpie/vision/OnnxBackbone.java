package dev.magpie.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.opencv.core.Mat;

/**
 * MobileNetV2 int8 as a frozen feature extractor: its 1280-d global-average-pool output, exposed by
 * {@link EmbeddingOutputPatch}, run directly on ONNX Runtime.
 *
 * <p>Why ONNX Runtime directly rather than DJL's Predictor: ARCHITECTURE.md measured this model at about 3 ms in raw
 * ORT and about 6 ms through DJL with default options, while the glue budget is 10 %. Going direct leaves one copy
 * (our floats into a direct buffer), lets us pin the newest ORT, and drops a dependency that brought nothing else
 * here: model download, preprocessing and the head are Magpie's own.
 */
public final class OnnxBackbone implements Embedder {

    /** Width of MobileNetV2's pooled features; known without loading the model (model import checks it). */
    public static final int MOBILENET_V2_DIMENSION = 1280;

    private static final String INPUT = "input";

    private final OrtSessions sessions;
    private final OrtSession session;
    private final String sha256;
    private final String id;
    private final int dimension;
    private final int batchSize;
    // Preprocessors own native Mats and a tensor buffer; pooled so concurrent callers never share one.
    private final ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();

    private OnnxBackbone(OrtSessions sessions, OrtSession session, String name, String sha256, int dimension, int batchSize) {
        this.sessions = sessions;
        this.session = session;
        this.sha256 = sha256;
        this.id = idOf(name, sha256);
        this.dimension = dimension;
        this.batchSize = batchSize;
    }

    /** Loads MobileNetV2 int8 from {@code modelFile} and exposes its embedding. */
    public static OnnxBackbone mobileNetV2(Path modelFile, InferenceSettings settings) throws IOException {
        NativeLibraries.loadOpenCv();
        byte[] model = Files.readAllBytes(modelFile);
        String sha256 = ModelResolver.sha256(model);
        byte[] patched = EmbeddingOutputPatch.apply(model, "472_quantized", "464_scale", "464_zero_point", MOBILENET_V2_DIMENSION);
        OrtSessions sessions = new OrtSessions(settings);
        try {
            OrtSession session = sessions.create(patched);
            return new OnnxBackbone(sessions, session, ModelSpec.MOBILENET_V2_INT8.name(), sha256, MOBILENET_V2_DIMENSION, settings.batchSize());
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not load " + modelFile + ": " + e.getMessage(), e);
        }
    }

    /** The cache key of a backbone: its name and the start of its file's sha256. */
    public static String idOf(String name, String sha256) {
        return name + "@" + sha256.substring(0, 8);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    public ProviderPlan providers() {
        return sessions.plan();
    }

    @Override
    public float[] embed(Mat bgr) {
        return embedAll(List.of(bgr)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<Mat> images) {
        List<float[]> result = new ArrayList<>(images.size());
        Worker worker = borrow();
        try {
            for (int start = 0; start < images.size(); start += batchSize) {
                int count = Math.min(batchSize, images.size() - start);
                float[] tensor = worker.tensor(count);
                for (int i = 0; i < count; i++) {
                    worker.preprocessor.toTensor(images.get(start + i), tensor, i * Preprocessor.TENSOR_LENGTH);
                }
                float[][] embeddings = run(worker, tensor, count);
                for (float[] embedding : embeddings) {
                    result.add(embedding);
                }
            }
        } finally {
            workers.offer(worker);
        }
        return result;
    }

    /** Runs already-preprocessed NCHW floats ({@code count × TENSOR_LENGTH}); used by benchmarks and tests. */
    public float[][] embedTensor(float[] tensor, int count) {
        Worker worker = borrow();
        try {
            return run(worker, tensor, count);
        } finally {
            workers.offer(worker);
        }
    }

    private float[][] run(Worker worker, float[] tensor, int count) {
        FloatBuffer buffer = worker.buffer(count);
        buffer.put(tensor, 0, count * Preprocessor.TENSOR_LENGTH).flip();
        long[] shape = {count, 3, Preprocessor.SIZE, Preprocessor.SIZE};
        try (OnnxTensor input = OnnxTensor.createTensor(sessions.environment(), buffer, shape);
             OrtSession.Result output = session.run(Map.of(INPUT, input), Set.of(EmbeddingOutputPatch.OUTPUT))) {
            return (float[][]) output.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the backbone: " + e.getMessage(), e);
        }
    }

    private Worker borrow() {
        Worker worker = workers.poll();
        return worker != null ? worker : new Worker();
    }

    @Override
    public void close() {
        Worker worker;
        while ((worker = workers.poll()) != null) {
            worker.preprocessor.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new UncheckedIOException(new IOException("closing the ONNX session failed", e));
        }
    }

    /** One caller's scratch space: a preprocessor with its Mats, a float array and a direct buffer for ORT. */
    private static final class Worker {
        final Preprocessor preprocessor = new Preprocessor();
        private float[] tensor = new float[0];
        private FloatBuffer buffer = FloatBuffer.allocate(0);

        float[] tensor(int count) {
            int length = count * Preprocessor.TENSOR_LENGTH;
            if (tensor.length < length) {
                tensor = new float[length];
            }
            return tensor;
        }

        FloatBuffer buffer(int count) {
            int length = count * Preprocessor.TENSOR_LENGTH;
            if (buffer.capacity() < length) {
                buffer = ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            buffer.clear();
            return buffer;
        }
    }
}
