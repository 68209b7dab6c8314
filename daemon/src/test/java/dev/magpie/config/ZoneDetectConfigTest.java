package dev.magpie.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.magpie.vision.YoloxDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A zone's {@code detect:} and {@code suppress:} keys: defaults, and each bad value named with its fix. */
class ZoneDetectConfigTest {

    private final ConfigLoader loader = new ConfigLoader();

    private MagpieConfig zone(String extra) throws ConfigException {
        return loader.parse("""
                cameras:
                  - name: cam
                    source:
                      replay: /tmp/frames
                zones:
                  - name: feeder
                    rect: [0, 0, 640, 480]
                %s""".formatted(extra.indent(4)), "magpie.yaml");
    }

    @Test
    void aZoneWithoutDetectHasNone() throws Exception {
        ZoneConfig feeder = zone("").zones().get(0);
        assertThat(feeder.detect()).isNull();
        assertThat(feeder.suppress()).isEmpty();
        assertThat(feeder.usesDetector()).isFalse();
    }

    @Test
    void anEmptyDetectSectionTakesTheDefaults() throws Exception {
        ZoneConfig feeder = zone("detect: {}").zones().get(0);
        assertThat(feeder.detect()).isEqualTo(new DetectConfig(List.of("bird"), 0.35, "inat", List.of(), List.of(), 0.5));
        assertThat(feeder.usesDetector()).isTrue();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ZoneConfig feeder = zone("""
                detect:
                  classes: [bird, cat]
                  min_score: 0.4
                  species: inat
                  allow: [Burrowing Owl]
                  deny: [House Sparrow]
                  low_confidence: 0.6
                suppress: [person, pottedplant]""").zones().get(0);
        assertThat(feeder.detect()).isEqualTo(new DetectConfig(List.of("bird", "cat"), 0.4, "inat",
                List.of("Burrowing Owl"), List.of("House Sparrow"), 0.6));
        assertThat(feeder.suppress()).containsExactly("person", "pottedplant");
    }

    @Test
    void aClassThatIsNotCocoIsNamedWithTheFix() {
        assertThatThrownBy(() -> zone("detect:\n  classes: [bird, birb]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 9: zones[0].detect.classes = [bird, birb]: 'birb' is not a COCO class;"
                        + " use names such as bird, cat, dog, person");
    }

    @Test
    void aSuppressClassThatIsNotCocoIsNamed() {
        assertThatThrownBy(() -> zone("suppress: [people]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zones[0].suppress = [people]: 'people' is not a COCO class");
    }

    @Test
    void anyClassNeedsTheOwnersModelAndStandsAlone() throws ConfigException {
        assertThatThrownBy(() -> zone("detect:\n  classes: [any]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zones[0].detect.classes = [any]: any keeps boxes of every class, which only your own"
                        + " model can name: set species: head");
        assertThatThrownBy(() -> zone("detect:\n  classes: [any, bird]\n  species: head"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'any' keeps every class; list it alone");
        assertThat(zone("detect:\n  classes: [any]\n  species: head").zones().get(0).detect().classes()).containsExactly("any");
    }

    @Test
    void anUnknownSpeciesModelIsNamedWithTheChoices() {
        assertThatThrownBy(() -> zone("detect:\n  species: owner"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zones[0].detect.species = owner: use inat (the iNaturalist bird model), head (the zone's own trained model) or none");
    }

    @Test
    void outOfRangeScoresAreNamed() {
        assertThatThrownBy(() -> zone("detect:\n  min_score: 1.5\n  low_confidence: -0.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zones[0].detect.min_score = 1.5: must be between 0 and 1")
                .hasMessageContaining("zones[0].detect.low_confidence = -0.1: must be between 0 and 1");
    }

    @Test
    void allowNeedsASpeciesModel() {
        assertThatThrownBy(() -> zone("detect:\n  species: none\n  allow: [Burrowing Owl]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("allow and deny name species, which need species: inat");
    }

    @Test
    void anEmptyClassListIsRefused() {
        assertThatThrownBy(() -> zone("detect:\n  classes: []"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zones[0].detect.classes = []: list at least one COCO class");
    }

    @Test
    void theConfigsCocoNamesAreTheDetectorsNames() {
        assertThat(CocoClasses.names()).isEqualTo(YoloxDetector.cocoNames()).hasSize(80);
    }

    @Test
    void webZoneEditsKeepDetectAndSuppress() throws Exception {
        ZoneConfig feeder = zone("detect:\n  classes: [bird]\n  deny: [House Sparrow]\nsuppress: [person]").zones().get(0);
        String yaml = ZonesSection.replace("zones: []\n", ZonesSection.toTree(List.of(feeder)));
        MagpieConfig again = loader.parse("cameras:\n  - name: cam\n    source:\n      replay: /tmp/frames\n" + yaml, "x");
        assertThat(again.zones().get(0)).isEqualTo(feeder);
    }
}
