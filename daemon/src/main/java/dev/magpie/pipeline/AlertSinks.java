package dev.magpie.pipeline;

import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans pipeline output out to every sink (MQTT, GPIO outputs, the web UI). One sink that throws is logged and
 * skipped: a broken LED must not stop MQTT alerts.
 */
public final class AlertSinks implements AlertSink {

    private static final Logger log = LoggerFactory.getLogger(AlertSinks.class);

    private final List<AlertSink> sinks = new CopyOnWriteArrayList<>();

    public void add(AlertSink sink) {
        sinks.add(sink);
    }

    @Override
    public void stateChanged(ZoneState state) {
        for (AlertSink sink : sinks) {
            try {
                sink.stateChanged(state);
            } catch (RuntimeException e) {
                log.warn("{} failed on a state change of zone {}: {}", sink.getClass().getSimpleName(), state.zone(), e.toString());
            }
        }
    }

    @Override
    public void event(ZoneEvent event, byte[] snapshotJpeg) {
        for (AlertSink sink : sinks) {
            try {
                sink.event(event, snapshotJpeg);
            } catch (RuntimeException e) {
                log.warn("{} failed on event {} of zone {}: {}", sink.getClass().getSimpleName(), event.id(), event.zone(), e.toString());
            }
        }
    }

    @Override
    public void visit(VisitReport visit) {
        for (AlertSink sink : sinks) {
            try {
                sink.visit(visit);
            } catch (RuntimeException e) {
                log.warn("{} failed on visit {} of zone {}: {}", sink.getClass().getSimpleName(), visit.id(),
                        visit.zone(), e.toString());
            }
        }
    }

    @Override
    public void speciesToday(SpeciesToday today) {
        for (AlertSink sink : sinks) {
            try {
                sink.speciesToday(today);
            } catch (RuntimeException e) {
                log.warn("{} failed on the species list of zone {}: {}", sink.getClass().getSimpleName(), today.zone(),
                        e.toString());
            }
        }
    }

    @Override
    public void notice(String topic, String json) {
        for (AlertSink sink : sinks) {
            try {
                sink.notice(topic, json);
            } catch (RuntimeException e) {
                log.warn("{} failed on notice {}: {}", sink.getClass().getSimpleName(), topic, e.toString());
            }
        }
    }
}
