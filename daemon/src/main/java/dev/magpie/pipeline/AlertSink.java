package dev.magpie.pipeline;

import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;

/**
 * Receives what the pipeline decides: zone states and events. MQTT, the web UI and GPIO outputs implement it.
 * Called on the pipeline's thread: implementations must not block (queue the work) and must not throw.
 */
public interface AlertSink {

    /** A zone's debounced state changed (also sent once per zone at start-up). */
    void stateChanged(ZoneState state);

    /** An incident started or ended; {@code snapshotJpeg} is the frame that started it (null for END events). */
    void event(ZoneEvent event, byte[] snapshotJpeg);

    /** A visit of a zone with {@code detect:} started, improved its answer, ended, or named a species first. */
    default void visit(VisitReport visit) {
    }

    /** A zone's species of today changed (a visit was counted or renamed); the whole day's list. */
    default void speciesToday(SpeciesToday today) {
    }

    /** Something the owner should hear about that is not a zone event: a retrain outcome, a camera going down. */
    default void notice(String topic, String json) {
    }
}
