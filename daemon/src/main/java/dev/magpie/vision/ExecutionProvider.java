package dev.magpie.vision;

import ai.onnxruntime.OrtProvider;
import java.util.Locale;

/** The ONNX Runtime execution providers a user can ask for in the configuration, fastest first on their boards. */
public enum ExecutionProvider {
    TENSORRT(OrtProvider.TENSOR_RT),
    CUDA(OrtProvider.CUDA),
    XNNPACK(OrtProvider.XNNPACK),
    CPU(OrtProvider.CPU);

    private final OrtProvider ort;

    ExecutionProvider(OrtProvider ort) {
        this.ort = ort;
    }

    public OrtProvider ort() {
        return ort;
    }

    public static ExecutionProvider parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown execution provider '" + text + "'; use one of tensorrt, cuda, xnnpack, cpu");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
