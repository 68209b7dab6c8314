package dev.magpie.vision;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates ONNX Runtime sessions with Magpie's settings: threads, spinning and execution providers. */
public final class OrtSessions {

    private static final Logger log = LoggerFactory.getLogger(OrtSessions.class);

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final InferenceSettings settings;
    private final ProviderPlan plan;

    public OrtSessions(InferenceSettings settings) {
        this.settings = settings;
        this.plan = ProviderPlan.choose(settings.providers(), OrtEnvironment.getAvailableProviders());
        for (String line : plan.missing()) {
            log.warn("{}; falling back to CPU", line);
        }
    }

    public OrtEnvironment environment() {
        return environment;
    }

    public ProviderPlan plan() {
        return plan;
    }

    public OrtSession create(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = options()) {
            return environment.createSession(model, options);
        }
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        String spin = settings.spinning() ? "1" : "0";
        options.addConfigEntry("session.intra_op.allow_spinning", spin);
        options.addConfigEntry("session.inter_op.allow_spinning", spin);
        for (ExecutionProvider provider : plan.usable()) {
            switch (provider) {
                case TENSORRT -> options.addTensorrt(0);
                case CUDA -> options.addCUDA(0);
                case XNNPACK -> options.addXnnpack(Map.of("intra_op_num_threads", Integer.toString(settings.intraOpThreads())));
                case CPU -> { } // always present in ORT
            }
        }
        return options;
    }
}
