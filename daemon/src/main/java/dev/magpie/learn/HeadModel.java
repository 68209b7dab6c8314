package dev.magpie.learn;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A head.onnx loaded into ONNX Runtime. One intra-op thread without spinning: the head is a single small Gemm, and a
 * spinning pool steals the core the backbone needs on a 2-4 core board.
 */
public final class HeadModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int inputWidth;
    private final int labelCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HeadModel(OrtEnvironment environment, OrtSession session) throws OrtException {
        this.environment = environment;
        this.session = session;
        NodeInfo input = session.getInputInfo().get(HeadOnnxWriter.INPUT_NAME);
        NodeInfo output = session.getOutputInfo().get(HeadOnnxWriter.OUTPUT_NAME);
        if (input == null || output == null) {
            session.close();
            throw new OrtException("head.onnx must have input '" + HeadOnnxWriter.INPUT_NAME + "' and output '"
                    + HeadOnnxWriter.OUTPUT_NAME + "'; it has inputs " + session.getInputNames() + " and outputs " + session.getOutputNames());
        }
        this.inputWidth = (int) ((TensorInfo) input.getInfo()).getShape()[1];
        this.labelCount = (int) ((TensorInfo) output.getInfo()).getShape()[1];
    }

    public static HeadModel load(byte[] onnx) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            return new HeadModel(environment, environment.createSession(onnx, options));
        }
    }

    public static HeadModel load(Path headOnnx) throws IOException, OrtException {
        return load(Files.readAllBytes(headOnnx));
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int labelCount() {
        return labelCount;
    }

    public float[][] probabilities(float[][] embeddings) throws OrtException {
        for (float[] row : embeddings) {
            if (row.length != inputWidth) {
                throw new IllegalArgumentException("embedding width " + row.length + ", head expects " + inputWidth);
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, embeddings);
             OrtSession.Result result = session.run(Map.of(HeadOnnxWriter.INPUT_NAME, tensor))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    public float[] probabilities(float[] embedding) throws OrtException {
        return probabilities(new float[][] {embedding})[0];
    }

    @Override
    public void close() throws OrtException {
        if (closed.getAndSet(true)) {
            return;
        }
        session.close(); // the environment is process-wide and shared; it is not ours to close
    }
}
