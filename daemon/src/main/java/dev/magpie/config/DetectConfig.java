package dev.magpie.config;

import java.util.List;

/**
 * A zone's object detection: the COCO detector (YOLOX-nano) runs on the zone's crop each classified frame, and each
 * kept box is followed across frames as a visit, named by the species model.
 *
 * @param classes COCO class names kept, e.g. {@code [bird]}; at least one. {@code [any]} keeps every box whatever its
 *                class (overlapping boxes of one object merged): for things COCO has no class for, named by
 *                {@code species: head}. Default [bird]
 * @param minScore detections scoring below this are dropped, 0-1. Default 0.35
 * @param species what names a visit: {@code inat} (the iNaturalist bird model, 964 species, common names such as
 *                {@code Burrowing Owl}), {@code head} (the zone's own trained model: the owner's labels for their
 *                feeder's regulars; its {@code None} label or no model yet sends the crop to the inbox) or
 *                {@code none} (the class name itself). Default inat
 * @param allow species names a visit may take; empty allows all. Checked against the species model at start-up
 * @param deny species names a visit never takes; deny wins over allow
 * @param lowConfidence species answers below this are not taken and their crop goes to the inbox (once per visit per
 *                      species), 0-1. Default 0.5
 */
public record DetectConfig(List<String> classes, Double minScore, String species, List<String> allow, List<String> deny,
                           Double lowConfidence) {

    public static final String INAT = "inat";
    public static final String HEAD = "head";
    public static final String ANY_CLASS = CocoClasses.ANY;
    public static final String NONE = "none";

    public DetectConfig {
        classes = classes == null ? List.of("bird") : CocoClasses.check("classes", classes, true);
        if (classes.isEmpty()) {
            throw new InvalidValueException("classes", classes, "list at least one COCO class, e.g. [bird]");
        }
        minScore = minScore == null ? 0.35 : minScore;
        Names.checkRange("min_score", minScore, 0, 1);
        species = species == null ? INAT : species;
        if (!species.equals(INAT) && !species.equals(HEAD) && !species.equals(NONE)) {
            throw new InvalidValueException("species", species, "use inat (the iNaturalist bird model), head (the zone's"
                    + " own trained model) or none (the detected class names the visit)");
        }
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
        if (classes.equals(List.of(CocoClasses.ANY)) && !species.equals(HEAD)) {
            throw new InvalidValueException("classes", classes, "any keeps boxes of every class, which only your own"
                    + " model can name: set species: head, or list the COCO classes you want");
        }
        if (species.equals(NONE) && (!allow.isEmpty() || !deny.isEmpty())) {
            throw new InvalidValueException("species", species, "allow and deny name species, which need species: inat"
                    + " or head; remove them or set a species model");
        }
        lowConfidence = lowConfidence == null ? 0.5 : lowConfidence;
        Names.checkRange("low_confidence", lowConfidence, 0, 1);
    }

    public static DetectConfig defaults() {
        return new DetectConfig(null, null, null, null, null, null);
    }
}
