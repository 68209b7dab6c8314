package dev.magpie.cli;

import dev.magpie.config.ConfigException;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.InferenceConfig;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.TrainingConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.TrainingOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.vision.ExecutionProvider;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.JavaCppNatives;
import dev.magpie.vision.ModelNotFoundException;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.OnnxBackbone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one CLI invocation works on: the data directory, its configuration, and the parts built from them, each made
 * on first use so that {@code magpie labels} never loads a model. Closes what it opened, in reverse order.
 */
final class Workspace implements AutoCloseable {

    private final Path dataDir;
    private final Path configFile;
    private final MagpieConfig config;
    private final boolean offline;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ImageDecoder decoder;
    private OnnxBackbone backbone;
    private DatasetStore dataset;
    private ModelRegistry models;

    Workspace(Path dataDir, Path configFile, boolean offline) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        // JavaCPP (TFLite) unpacks natives to ~/.javacpp by default, which the systemd unit cannot write (ProtectHome)
        JavaCppNatives.useCacheUnder(this.dataDir);
        this.offline = offline;
        Path defaultFile = this.dataDir.resolve("magpie.yaml");
        this.configFile = configFile != null ? configFile : Files.exists(defaultFile) ? defaultFile : null;
        this.config = loadConfig(configFile, this.dataDir);
    }

    private static MagpieConfig loadConfig(Path explicit, Path dataDir) {
        Path file = explicit != null ? explicit : dataDir.resolve("magpie.yaml");
        if (explicit == null && !Files.exists(file)) {
            return MagpieConfig.defaults();
        }
        try {
            return new ConfigLoader().load(file);
        } catch (ConfigException e) {
            throw new UserError(ExitCodes.CONFIG, e.getMessage());
        }
    }

    Path dataDir() {
        return dataDir;
    }

    MagpieConfig config() {
        return config;
    }

    /** The configuration file in use, or null when running on built-in defaults. */
    Path configFile() {
        return configFile;
    }

    ImageDecoder decoder() {
        if (decoder == null) {
            decoder = new ImageDecoder(ImageLimits.DEFAULT);
        }
        return decoder;
    }

    Path backboneFile() {
        ModelResolver resolver = new ModelResolver(dataDir.resolve("cache").resolve("models"),
                ModelResolver.parseSearchPath(System.getenv(ModelResolver.MODEL_PATH_VARIABLE)),
                !offline && config.models().download(), Duration.ofMinutes(5));
        Optional<Path> explicit = Optional.ofNullable(config.models().backbone()).map(Path::of);
        try {
            return resolver.resolve(ModelSpec.MOBILENET_V2_INT8, explicit);
        } catch (ModelNotFoundException e) {
            throw new UserError(ExitCodes.NOT_FOUND, e.getMessage());
        }
    }

    /** The backbone's cache key without loading it into ONNX Runtime, or empty when no copy is available. */
    Optional<String> backboneIdIfPresent() {
        try {
            byte[] model = Files.readAllBytes(backboneFile());
            return Optional.of(OnnxBackbone.idOf(ModelSpec.MOBILENET_V2_INT8.name(), ModelResolver.sha256(model)));
        } catch (UserError | IOException e) {
            return Optional.empty();
        }
    }

    OnnxBackbone backbone() {
        if (backbone == null) {
            try {
                backbone = OnnxBackbone.mobileNetV2(backboneFile(), inferenceSettings());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            opened.add(backbone);
        }
        return backbone;
    }

    DatasetStore dataset() {
        if (dataset == null) {
            dataset = track(DatasetStore.open(dataDir, decoder()));
        }
        return dataset;
    }

    ModelRegistry models() {
        if (models == null) {
            models = new ModelRegistry(dataDir, OnnxBackbone.MOBILENET_V2_DIMENSION, new ObjectMapper());
            try {
                models.removeLeftovers(); // a version a power cut interrupted mid-write or mid-delete
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean up " + dataDir.resolve("models") + ": " + e.getMessage(), e);
            }
        }
        return models;
    }

    /** The current model version, or a clear error telling the user how to get one. */
    String currentVersion() throws IOException {
        return models().current().orElseThrow(() -> new UserError(ExitCodes.NOT_FOUND,
                "no model has been trained in " + dataDir + " yet; import labelled photos and run 'magpie train'"));
    }

    Classifier classifier(String version) throws IOException {
        return track(Classifier.load(models(), version, backbone()));
    }

    TrainingOptions trainingOptions() {
        TrainingConfig training = config.training();
        return TrainingOptions.defaults(training.seed())
                .withAugmentedViews(training.augmentedViews())
                .withHeldOutFraction(training.holdoutFraction())
                .withBatchSize(config.inference().batchSize());
    }

    InferenceSettings inferenceSettings() {
        InferenceConfig inference = config.inference();
        List<ExecutionProvider> providers = new ArrayList<>();
        for (String name : inference.providers()) {
            providers.add(ExecutionProvider.parse(name));
        }
        return new InferenceSettings(inference.threads(), inference.spinning(), providers, inference.batchSize());
    }

    <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                System.err.println("magpie: closing " + opened.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        opened.clear();
    }
}
