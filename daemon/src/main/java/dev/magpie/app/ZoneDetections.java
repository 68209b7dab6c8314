package dev.magpie.app;

import dev.magpie.config.DetectConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.detect.DailySpeciesList;
import dev.magpie.detect.IouTracker;
import dev.magpie.detect.SpeciesClassifier;
import dev.magpie.detect.SpeciesFilter;
import dev.magpie.detect.SpeciesGuess;
import dev.magpie.detect.SpeciesLedger;
import dev.magpie.detect.VisitTracker;
import dev.magpie.learn.Prediction;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.pipeline.UnsureCropInbox;
import dev.magpie.pipeline.VisitRelay;
import dev.magpie.pipeline.ZoneDetection;
import dev.magpie.vision.InatBirdClassifier;
import dev.magpie.vision.ModelSpec;
import dev.magpie.vision.SpeciesPrediction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each zone's {@link ZoneDetection} from its {@code detect:} and {@code suppress:} keys: a visit tracker per
 * detecting zone (one shared species ledger in the data dir), its events relayed to the sinks, its unsure crops to the
 * inbox when the inbox is on.
 */
final class ZoneDetections {

    private static final Logger log = LoggerFactory.getLogger(ZoneDetections.class);
    /** Tracking: boxes overlapping by IoU 0.3 are the same bird; a visit starts after 2 frames and ends after 3 missed. */
    private static final double MIN_IOU = 0.3;
    private static final int MAX_MISSED_FRAMES = 3;
    private static final int CONFIRM_FRAMES = 2;

    private ZoneDetections() {
    }

    static Map<String, ZoneDetection> create(List<ZoneConfig> zones, DetectionModels models, LoadedModels heads, Path dataDir,
                                             AlertSink sink, Optional<DatasetStore> inbox, Clock clock) throws java.io.IOException {
        Map<String, ZoneDetection> out = new HashMap<>();
        SpeciesLedger ledger = null;
        for (ZoneConfig zone : zones) {
            if (!zone.usesDetector()) {
                continue;
            }
            DetectConfig detect = zone.detect();
            Optional<VisitTracker> visits = Optional.empty();
            if (detect != null) {
                if (ledger == null) {
                    ledger = SpeciesLedger.open(dataDir, clock.getZone());
                }
                visits = Optional.of(tracker(zone, detect, models, heads, ledger, sink, inbox, clock));
            }
            double minScore = detect != null ? detect.minScore() : DetectConfig.defaults().minScore();
            Set<String> visitClasses = detect != null ? new HashSet<>(detect.classes()) : Set.of();
            out.put(zone.name(), new ZoneDetection(zone.name(), models.detector().orElseThrow(), minScore, visitClasses,
                    new HashSet<>(zone.suppress()), visits));
        }
        return out;
    }

    private static VisitTracker tracker(ZoneConfig zone, DetectConfig detect, DetectionModels models, LoadedModels heads,
                                        SpeciesLedger ledger,
                                        AlertSink sink, Optional<DatasetStore> inbox, Clock clock) {
        SpeciesClassifier classifier;
        SpeciesFilter filter = SpeciesFilter.ALLOW_ALL;
        String model;
        if (DetectConfig.INAT.equals(detect.species())) {
            InatBirdClassifier inat = models.species().orElseThrow();
            classifier = crop -> {
                SpeciesPrediction top = inat.classify(crop, 1).get(0);
                // "no bird" is never a visit's answer: confidence 0 keeps it out and sends the crop to the inbox
                return top.isBackground() ? new SpeciesGuess(SpeciesPrediction.BACKGROUND, 0)
                        : new SpeciesGuess(top.commonName(), top.score());
            };
            filter = filter(zone, detect, inat);
            model = ModelSpec.INAT_BIRD.name();
        } else if (DetectConfig.HEAD.equals(detect.species())) {
            classifier = ownHead(zone.model(), heads);
            // the owner's labels change with every retraining: names are not checked against one model's labels
            Set<String> named = new HashSet<>(detect.allow());
            named.addAll(detect.deny());
            filter = detect.allow().isEmpty() && detect.deny().isEmpty() ? SpeciesFilter.ALLOW_ALL
                    : SpeciesFilter.of(zone.name(), detect.allow(), detect.deny(), named);
            model = "head " + zone.model();
        } else {
            String name = detect.classes().size() == 1 ? detect.classes().get(0) : "object";
            classifier = crop -> new SpeciesGuess(name, 1.0);
            model = ModelSpec.YOLOX_NANO.name();
        }
        DailySpeciesList daily = new DailySpeciesList(clock, clock.getZone());
        Consumer<VisitTracker.UnsureCrop> unsure = inbox.isPresent()
                ? new UnsureCropInbox(inbox.get(), model, detect.lowConfidence()) : crop -> { };
        return new VisitTracker(zone.name(), new IouTracker(clock, MIN_IOU, MAX_MISSED_FRAMES, CONFIRM_FRAMES), classifier,
                filter, ledger, daily,
                new VisitTracker.Settings(VisitTracker.Settings.DEFAULTS.minImprovement(),
                        VisitTracker.Settings.DEFAULTS.switchMargin(), detect.lowConfidence()),
                new VisitRelay(zone.name(), daily, sink), unsure, clock);
    }

    /**
     * The zone's own model on each crop: its top label when the open-set rule accepts it; {@code None}, an unknown
     * answer or no trained model yet is "no species" (confidence 0), which sends the crop to the inbox for labelling.
     */
    static SpeciesClassifier ownHead(String version, LoadedModels heads) {
        return crop -> {
            try {
                Optional<Prediction> prediction = heads.with(version, classifier -> classifier.classify(crop));
                if (prediction.isEmpty() || prediction.get().label().isEmpty()
                        || prediction.get().label().get().equals(LabelName.NONE.value())) {
                    return new SpeciesGuess(SpeciesPrediction.BACKGROUND, 0);
                }
                return new SpeciesGuess(prediction.get().label().get(), prediction.get().top().probability());
            } catch (java.io.IOException e) {
                log.warn("Model {} could not name a crop: {}", version, e.getMessage());
                return new SpeciesGuess(SpeciesPrediction.BACKGROUND, 0);
            }
        };
    }

    private static SpeciesFilter filter(ZoneConfig zone, DetectConfig detect, InatBirdClassifier inat) {
        if (detect.allow().isEmpty() && detect.deny().isEmpty()) {
            return SpeciesFilter.ALLOW_ALL;
        }
        Set<String> known = new HashSet<>();
        List<String> labels = inat.labels();
        for (int i = 0; i < labels.size(); i++) {
            known.add(SpeciesPrediction.fromLabel(i, labels.get(i), 0).commonName());
        }
        SpeciesFilter filter = SpeciesFilter.of(zone.name(), detect.allow(), detect.deny(), known);
        List<String> errors = new ArrayList<>();
        for (String problem : filter.problems()) {
            if (problem.endsWith("deny wins")) {
                log.warn("Zone {}: {}", zone.name(), problem);
            } else {
                errors.add(problem);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors) + ". Use the species model's common names,"
                    + " e.g. Burrowing Owl or Bald Eagle (inat_bird_labels.txt, the names in parentheses)");
        }
        return filter;
    }
}
