package dev.magpie.dataset;

/**
 * Where the health check draws its lines.
 *
 * @param minimumPerLabel         below this a label is an error: Lobe and AutoML both ask for at least 10 images
 * @param comfortablePerLabel     below this a warning: Lobe's advice is 10-20 to start
 * @param preferredPerLabel       below this a note: AutoML's "preferably 100" per label
 * @param imbalanceRatio          most/least images per label above which the model leans to the big label
 * @param nearDuplicateDistance   cosine distance under which two embeddings count as the same picture
 * @param maxReportedDuplicates   how many near-duplicate pairs to list before summarising
 */
public record HealthThresholds(int minimumPerLabel, int comfortablePerLabel, int preferredPerLabel,
                               double imbalanceRatio, double nearDuplicateDistance, int maxReportedDuplicates) {

    public static final HealthThresholds DEFAULT = new HealthThresholds(10, 20, 100, 10.0, 0.02, 20);
}
