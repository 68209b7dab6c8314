package dev.magpie.config;

/**
 * Where the backbone comes from.
 *
 * @param backbone an explicit path to the backbone's .onnx file, or null to resolve it (data dir cache, then
 *                 MAGPIE_MODEL_PATH, then a one-time download)
 * @param download whether a missing backbone may be downloaded (false on a board kept offline)
 */
public record ModelsConfig(String backbone, Boolean download) {

    public ModelsConfig {
        download = download == null || download;
    }

    public static ModelsConfig defaults() {
        return new ModelsConfig(null, null);
    }
}
