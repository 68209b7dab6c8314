package dev.magpie.app;

import dev.magpie.config.RuleConfig;
import dev.magpie.config.ZoneConfig;
import dev.magpie.learn.Metrics;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.pipeline.LoadedModels;
import dev.magpie.pipeline.Zone;
import dev.magpie.pipeline.ZoneRegion;
import dev.magpie.rules.Debounce;
import dev.magpie.rules.LabelRule;
import dev.magpie.rules.ZoneRules;
import dev.magpie.rules.ZoneStateMachine;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the zones of the configuration: regions, and rules whose unset thresholds take the model's suggested
 * threshold for the label (metrics.json), else 0.5.
 */
final class Zones {

    private static final Logger log = LoggerFactory.getLogger(Zones.class);

    /** A zone's published label must hold this many frames; alerts have their own debounce per rule. */
    private static final Debounce STATE_DEBOUNCE = Debounce.frames(2);

    private Zones() {
    }

    static List<Zone> create(List<ZoneConfig> configs, ModelRegistry registry, Clock clock) throws IOException {
        List<Zone> zones = new ArrayList<>();
        for (ZoneConfig config : configs) {
            Optional<Metrics> metrics = metricsOf(config.model(), registry);
            List<LabelRule> rules = new ArrayList<>();
            for (RuleConfig rule : config.rules()) {
                if (metrics.isPresent() && !metrics.get().labels().contains(rule.label())) {
                    log.warn("Zone {}: its rule for '{}' can never fire: the model ({}) has no such label, only {}."
                                    + " Label photos '{}' and retrain, or change the rule", config.name(), rule.label(),
                            config.model(), metrics.get().labels(), rule.label());
                }
                double suggested = LabelRule.defaultThreshold(metrics, rule.label());
                rules.add(new LabelRule(rule.label(), rule.alert(), rule.effectiveThreshold(suggested),
                        rule.effectiveClearThreshold(suggested),
                        new Debounce(rule.minFrames(), Duration.ofSeconds(rule.minSeconds())),
                        Debounce.frames(rule.endFrames()), Duration.ofSeconds(rule.cooldownSeconds())));
            }
            ZoneStateMachine machine = new ZoneStateMachine(new ZoneRules(config.name(), STATE_DEBOUNCE, rules), clock);
            zones.add(new Zone(config.name(), config.camera(), region(config), config.model(), machine));
        }
        return zones;
    }

    private static ZoneRegion region(ZoneConfig config) {
        if (config.rect() != null) {
            List<Integer> r = config.rect();
            return ZoneRegion.rectangle(r.get(0), r.get(1), r.get(2), r.get(3));
        }
        List<Point> points = new ArrayList<>();
        for (List<Integer> p : config.polygon()) {
            points.add(new Point(p.get(0), p.get(1)));
        }
        return ZoneRegion.polygon(points);
    }

    private static Optional<Metrics> metricsOf(String model, ModelRegistry registry) throws IOException {
        Optional<String> version = LoadedModels.CURRENT.equals(model) ? registry.current() : Optional.of(model);
        return version.isEmpty() ? Optional.empty() : Optional.of(registry.read(version.get()).metrics());
    }
}
