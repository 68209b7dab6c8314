package dev.magpie.app;

import dev.magpie.dataset.AddResult;
import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.UnknownImageException;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.pipeline.Retrainer;
import dev.magpie.pipeline.Zone;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Carries out remote commands on the running daemon. Every refusal is an answer with an error code, never an
 * exception, so a malformed command over MQTT changes nothing and the sender learns why.
 */
final class CommandHandler implements DaemonCommands {

    private final DatasetStore store;
    private final ModelRegistry registry;
    private final LoadedModels models;
    private final Retrainer retrainer;
    private final List<CameraPipeline> pipelines;
    private final Supplier<CommandResult> reload;

    CommandHandler(DatasetStore store, ModelRegistry registry, LoadedModels models, Retrainer retrainer,
                   List<CameraPipeline> pipelines, Supplier<CommandResult> reload) {
        this.store = store;
        this.registry = registry;
        this.models = models;
        this.retrainer = retrainer;
        this.pipelines = List.copyOf(pipelines);
        this.reload = reload;
    }

    @Override
    public CommandResult capture(String zone, String label) {
        LabelName name;
        try {
            name = LabelName.of(label);
        } catch (IllegalArgumentException e) {
            return CommandResult.error("invalid_argument", e.getMessage());
        }
        Optional<byte[]> jpeg = zone == null ? wholeFrame() : zoneFrame(zone);
        if (jpeg == null) {
            return CommandResult.error("invalid_argument", "no zone named '" + zone + "'; zones: " + zoneNames());
        }
        if (jpeg.isEmpty()) {
            return CommandResult.error("no_frame", "no frame has arrived from the camera yet; check its health");
        }
        AddResult added = store.addImage(jpeg.get(), name, "capture:" + (zone == null ? "frame" : zone));
        if (added.status() != AddResult.Status.ADDED) {
            return CommandResult.error("not_stored", added.message());
        }
        retrainer.labelsAdded(1);
        return CommandResult.ok("captured into " + label, Map.of("sha256", added.sha256(), "label", label));
    }

    @Override
    public CommandResult labelInboxItem(String sha256, String label) {
        try {
            if (label == null) {
                store.deleteImage(sha256);
                return CommandResult.ok("discarded " + sha256);
            }
            store.labelInboxItem(sha256, LabelName.of(label));
            retrainer.labelsAdded(1);
            return CommandResult.ok("labelled " + sha256 + " as " + label, Map.of("sha256", sha256, "label", label));
        } catch (IllegalArgumentException e) {
            return CommandResult.error("invalid_argument", e.getMessage());
        } catch (DatasetException e) {
            return CommandResult.error(e instanceof UnknownImageException ? "not_found" : "refused", e.getMessage());
        }
    }

    @Override
    public CommandResult retrain() {
        retrainer.request("requested by command");
        return CommandResult.ok("retraining started; the outcome is published as a retrain notice");
    }

    @Override
    public CommandResult promote(String version) {
        try {
            registry.promote(version);
            models.followRegistry();
            return CommandResult.ok(version + " is now the current model", Map.of("version", version));
        } catch (IOException | RuntimeException e) {
            return CommandResult.error("refused", e.getMessage());
        }
    }

    @Override
    public CommandResult rollback() {
        try {
            String version = registry.rollback();
            models.followRegistry();
            return CommandResult.ok("rolled back to " + version, Map.of("version", version));
        } catch (IOException | RuntimeException e) {
            return CommandResult.error("refused", e.getMessage());
        }
    }

    @Override
    public CommandResult setThreshold(String zone, String label, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            return CommandResult.error("invalid_argument", "threshold must be between 0 and 1, was " + threshold);
        }
        Optional<Zone> found = findZone(zone);
        if (found.isEmpty()) {
            return CommandResult.error("invalid_argument", "no zone named '" + zone + "'; zones: " + zoneNames());
        }
        try {
            synchronized (found.get().machine()) {
                found.get().machine().setThreshold(label, threshold);
            }
        } catch (IllegalArgumentException e) {
            return CommandResult.error("invalid_argument", e.getMessage());
        }
        return CommandResult.ok("threshold of " + label + " in " + zone + " set to " + threshold
                + " until the configuration is reloaded");
    }

    @Override
    public CommandResult reloadConfig() {
        return reload.get();
    }

    private Optional<byte[]> wholeFrame() {
        return pipelines.isEmpty() ? Optional.empty() : pipelines.get(0).lastFrameJpeg();
    }

    /** Null when the zone does not exist, empty when it has no frame yet. */
    private Optional<byte[]> zoneFrame(String name) {
        for (CameraPipeline pipeline : pipelines) {
            for (Zone zone : pipeline.zones()) {
                if (zone.name().equals(name)) {
                    return pipeline.lastZoneJpeg(zone);
                }
            }
        }
        return null;
    }

    private Optional<Zone> findZone(String name) {
        for (CameraPipeline pipeline : pipelines) {
            for (Zone zone : pipeline.zones()) {
                if (zone.name().equals(name)) {
                    return Optional.of(zone);
                }
            }
        }
        return Optional.empty();
    }

    private String zoneNames() {
        StringBuilder names = new StringBuilder();
        for (CameraPipeline pipeline : pipelines) {
            for (Zone zone : pipeline.zones()) {
                names.append(names.length() == 0 ? "" : ", ").append(zone.name());
            }
        }
        return names.length() == 0 ? "(none)" : names.toString();
    }
}
