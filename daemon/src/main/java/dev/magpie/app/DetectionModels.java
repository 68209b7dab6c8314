package dev.magpie.app;

import dev.magpie.config.DetectConfig;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.vision.Detector;
import dev.magpie.vision.DetectorSettings;
import dev.magpie.vision.ExecutionProvider;
import dev.magpie.vision.InatBirdClassifier;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.JavaCppNatives;
import dev.magpie.vision.ModelNotFoundException;
import dev.magpie.vision.ModelResolver;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.YoloxDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The detector and the species model, loaded once per daemon and only when some zone uses them (a zone with
 * {@code detect:} or {@code suppress:} needs the detector; {@code detect.species: inat} the species model). Resolved
 * like the backbone: data dir cache, then {@code MAGPIE_MODEL_PATH}, then a one-time download when
 * {@code models.download} allows it. A model that cannot be found or loaded stops the start with a message naming the
 * zone and the fix.
 */
final class DetectionModels implements AutoCloseable {

    private final Optional<Detector> detector;
    private final Optional<InatBirdClassifier> species;

    private DetectionModels(Optional<Detector> detector, Optional<InatBirdClassifier> species) {
        this.detector = detector;
        this.species = species;
    }

    /**
     * @param searchPath the folders of {@code MAGPIE_MODEL_PATH}
     */
    static DetectionModels load(MagpieConfig config, Path dataDir, List<Path> searchPath) throws IOException {
        List<ZoneConfig> zones = config.zones();
        Optional<ZoneConfig> detecting = zones.stream().filter(ZoneConfig::usesDetector).findFirst();
        if (detecting.isEmpty()) {
            return new DetectionModels(Optional.empty(), Optional.empty());
        }
        ModelResolver resolver = new ModelResolver(dataDir.resolve("cache").resolve("models"), searchPath,
                config.models().download(), Duration.ofMinutes(5));
        Set<String> classes = new TreeSet<>();
        double minScore = 1;
        for (ZoneConfig zone : zones) {
            if (zone.detect() != null) {
                classes.addAll(zone.detect().classes());
                minScore = Math.min(minScore, zone.detect().minScore());
            }
            if (!zone.suppress().isEmpty()) {
                classes.addAll(zone.suppress());
                minScore = Math.min(minScore, DetectConfig.defaults().minScore());
            }
        }
        if (classes.remove(DetectConfig.ANY_CLASS)) {
            classes.clear(); // a zone keeps every class: the detector must not drop any (empty = all)
        }
        InferenceSettings inference = new InferenceSettings(config.inference().threads(), false,
                List.of(ExecutionProvider.CPU), 1);
        Detector detector;
        try {
            detector = YoloxDetector.load(resolve(resolver, ModelSpec.YOLOX_NANO, detecting.get(), "the COCO detector"),
                    inference, DetectorSettings.DEFAULT.withScoreThreshold(minScore).withClasses(classes));
        } catch (IOException | RuntimeException e) {
            throw failed(detecting.get(), "the COCO detector " + ModelSpec.YOLOX_NANO.fileName(), e);
        }
        Optional<ZoneConfig> naming = zones.stream()
                .filter(z -> z.detect() != null && DetectConfig.INAT.equals(z.detect().species())).findFirst();
        if (naming.isEmpty()) {
            return new DetectionModels(Optional.of(detector), Optional.empty());
        }
        try {
            JavaCppNatives.useCacheUnder(dataDir);
            return new DetectionModels(Optional.of(detector), Optional.of(InatBirdClassifier.load(
                    resolve(resolver, ModelSpec.INAT_BIRD, naming.get(), "the iNat bird species model"),
                    resolve(resolver, ModelSpec.INAT_BIRD_LABELS, naming.get(), "the iNat bird labels"),
                    config.inference().threads())));
        } catch (IOException | RuntimeException e) {
            detector.close();
            throw failed(naming.get(), "the iNat bird species model " + ModelSpec.INAT_BIRD.fileName(), e);
        }
    }

    private static Path resolve(ModelResolver resolver, ModelSpec spec, ZoneConfig zone, String what) throws IOException {
        try {
            return resolver.resolve(spec, Optional.empty());
        } catch (ModelNotFoundException e) {
            throw new IOException("zone " + zone.name() + ": " + what + " is needed and not available: " + e.getMessage()
                    + ". Fix: set " + ModelResolver.MODEL_PATH_VARIABLE + " to a folder holding " + spec.name() + "/"
                    + spec.fileName() + ", allow models.download, or remove detect:/suppress: from the zone", e);
        }
    }

    private static IOException failed(ZoneConfig zone, String what, Exception e) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("zone ")) {
            return io;
        }
        return new IOException("zone " + zone.name() + ": " + what + " could not be loaded: " + e.getMessage()
                + ". Fix: check the file (delete it from the data dir cache to download it again), or remove"
                + " detect:/suppress: from the zone", e);
    }

    Optional<Detector> detector() {
        return detector;
    }

    Optional<InatBirdClassifier> species() {
        return species;
    }

    @Override
    public void close() {
        species.ifPresent(InatBirdClassifier::close);
        detector.ifPresent(Detector::close);
    }
}
