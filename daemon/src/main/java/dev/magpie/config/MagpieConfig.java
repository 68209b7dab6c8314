package dev.magpie.config;

/** The whole configuration file, bound from YAML. Immutable; sections missing from the file take their defaults. */
public record MagpieConfig(InferenceConfig inference, ModelsConfig models, TrainingConfig training) {

    public MagpieConfig {
        inference = inference == null ? InferenceConfig.defaults() : inference;
        models = models == null ? ModelsConfig.defaults() : models;
        training = training == null ? TrainingConfig.defaults() : training;
    }

    public static MagpieConfig defaults() {
        return new MagpieConfig(null, null, null);
    }
}
