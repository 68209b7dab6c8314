package dev.magpie.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.magpie.dataset.HealthWarning.Severity.ERROR;
import static dev.magpie.dataset.HealthWarning.Severity.INFO;
import static dev.magpie.dataset.HealthWarning.Severity.WARNING;

/** Looks at label counts and embeddings and says, in plain words, what will make a trained model worse. */
public final class HealthCheck {

    private final HealthThresholds thresholds;

    public HealthCheck(HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** {@code embeddings} maps sha256 to one embedding per image (any images missing from it are skipped). */
    public HealthReport check(DatasetStore store, Map<String, float[]> embeddings) {
        List<HealthWarning> warnings = new ArrayList<>(countWarnings(store.labelCounts()));
        Map<String, LabelName> labels = new java.util.HashMap<>();
        int inbox = 0;
        for (StoredImage image : store.images()) {
            if (image.label().isPresent()) {
                labels.put(image.sha256(), image.label().get());
            } else {
                inbox++;
            }
        }
        if (inbox > 0) {
            warnings.add(new HealthWarning(INFO, "INBOX_WAITING", inbox + " image" + (inbox == 1 ? " waits" : "s wait")
                    + " in the inbox; label them to teach the model about the scenes it was unsure of"));
        }
        warnings.addAll(nearDuplicates(labels, embeddings));
        return new HealthReport(warnings);
    }

    List<HealthWarning> countWarnings(Map<LabelName, Integer> counts) {
        List<HealthWarning> warnings = new ArrayList<>();
        long labelsWithImages = counts.values().stream().filter(c -> c > 0).count();
        if (labelsWithImages < 2) {
            warnings.add(new HealthWarning(ERROR, "TOO_FEW_LABELS", "a classifier needs at least two labels to choose"
                    + " between; add another label (for example 'None' for \"nothing of interest\")"));
        }
        if (!counts.isEmpty() && counts.getOrDefault(LabelName.NONE, 0) == 0) {
            warnings.add(new HealthWarning(WARNING, "NO_NONE_LABEL", "there is no 'None' label with images, so the model"
                    + " must name one of your labels even when the camera sees nothing of interest; add a 'None' label"
                    + " with pictures of the empty scene"));
        }
        counts.forEach((label, count) -> countWarning(label, count).ifPresent(warnings::add));
        imbalance(counts).ifPresent(warnings::add);
        return warnings;
    }

    private Optional<HealthWarning> countWarning(LabelName label, int count) {
        if (count == 0) {
            return Optional.of(new HealthWarning(ERROR, "EMPTY_LABEL", "label '" + label + "' has no images; add at least "
                    + thresholds.minimumPerLabel() + " or delete the label"));
        }
        if (count < thresholds.minimumPerLabel()) {
            return Optional.of(new HealthWarning(ERROR, "TOO_FEW_IMAGES", "label '" + label + "' has " + count
                    + " image" + (count == 1 ? "" : "s") + "; it needs at least " + thresholds.minimumPerLabel()
                    + " (Lobe and AutoML both ask for 10 or more)"));
        }
        if (count < thresholds.comfortablePerLabel()) {
            return Optional.of(new HealthWarning(WARNING, "FEW_IMAGES", "label '" + label + "' has " + count
                    + " images; that is enough to start, but " + thresholds.comfortablePerLabel()
                    + " or more varied pictures (angles, light, backgrounds) will make it much more reliable"));
        }
        if (count < thresholds.preferredPerLabel()) {
            return Optional.of(new HealthWarning(INFO, "BELOW_PREFERRED", "label '" + label + "' has " + count
                    + " images; AutoML recommends about " + thresholds.preferredPerLabel() + " per label for best accuracy"));
        }
        return Optional.empty();
    }

    private Optional<HealthWarning> imbalance(Map<LabelName, Integer> counts) {
        Optional<Map.Entry<LabelName, Integer>> most = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Map.Entry.comparingByValue());
        Optional<Map.Entry<LabelName, Integer>> least = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .min(Map.Entry.comparingByValue());
        if (most.isEmpty() || most.get().getKey().equals(least.get().getKey())) {
            return Optional.empty();
        }
        double ratio = (double) most.get().getValue() / least.get().getValue();
        if (ratio <= thresholds.imbalanceRatio()) {
            return Optional.empty();
        }
        return Optional.of(new HealthWarning(WARNING, "IMBALANCE", String.format(Locale.ROOT,
                "label '%s' has %d images but '%s' only %d (%.0f:1); the model will lean towards '%s'. Add images to '%s'"
                        + " or use fewer of '%s'",
                most.get().getKey(), most.get().getValue(), least.get().getKey(), least.get().getValue(), ratio,
                most.get().getKey(), least.get().getKey(), most.get().getKey())));
    }

    /**
     * Pairs of images under different labels whose embeddings are almost the same picture: usually the same photo
     * filed twice, or a burst of frames split between labels. Either way the model is told two answers for one input.
     */
    List<HealthWarning> nearDuplicates(Map<String, LabelName> labels, Map<String, float[]> embeddings) {
        List<String> shas = new ArrayList<>();
        List<float[]> unit = new ArrayList<>();
        embeddings.forEach((sha, vector) -> {
            if (labels.containsKey(sha)) {
                shas.add(sha);
                unit.add(normalised(vector));
            }
        });
        List<HealthWarning> warnings = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < shas.size(); i++) {
            for (int j = i + 1; j < shas.size(); j++) {
                LabelName a = labels.get(shas.get(i));
                LabelName b = labels.get(shas.get(j));
                if (a.equals(b) || unit.get(i).length != unit.get(j).length) {
                    continue;
                }
                double distance = 1.0 - dot(unit.get(i), unit.get(j));
                if (distance < thresholds.nearDuplicateDistance()) {
                    found++;
                    if (found <= thresholds.maxReportedDuplicates()) {
                        warnings.add(new HealthWarning(WARNING, "NEAR_DUPLICATE_ACROSS_LABELS", String.format(Locale.ROOT,
                                "image %s (label '%s') and image %s (label '%s') look almost identical (cosine distance"
                                        + " %.4f); one of them is probably mislabelled, or both show the same scene",
                                shas.get(i).substring(0, 12), a, shas.get(j).substring(0, 12), b, distance)));
                    }
                }
            }
        }
        if (found > thresholds.maxReportedDuplicates()) {
            warnings.add(new HealthWarning(WARNING, "NEAR_DUPLICATE_ACROSS_LABELS", (found - thresholds.maxReportedDuplicates())
                    + " more near-identical pairs under different labels are not listed"));
        }
        return warnings;
    }

    private static float[] normalised(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
