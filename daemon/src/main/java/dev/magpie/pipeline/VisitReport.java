package dev.magpie.pipeline;

import dev.magpie.detect.Visit;
import dev.magpie.detect.VisitEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A visit event as the sinks get it (MQTT publishes it as {@code <zone>/visit}).
 *
 * @param id        unique per message: the visit id, the type and the event's time in epoch ms
 * @param visitId   unique per visit, across restarts (track ids restart at 1): start in epoch ms, zone, track id
 * @param type      start, update, end, first_ever or first_today
 * @param species   the best permitted answer so far; {@code unknown} while none
 * @param box       where it was last seen, {@code [x, y, width, height]} in pixels of the zone's crop
 * @param snapshot  JPEG of the visit's sharpest, largest crop so far (empty when none yet)
 */
public record VisitReport(String id, String visitId, String zone, String type, String species, double confidence,
                          Instant time, Instant start, List<Long> box, long durationMillis, byte[] snapshot) {

    public static VisitReport of(VisitEvent event) {
        Visit visit = event.visit();
        String visitId = visit.start().toEpochMilli() + "-" + visit.region() + "-" + visit.id();
        String type = event.type().name().toLowerCase(Locale.ROOT);
        return new VisitReport(visitId + "-" + type + "-" + event.at().toEpochMilli(), visitId, visit.region(), type,
                visit.species(), visit.confidence(), event.at(), visit.start(),
                List.of(Math.round(visit.box().x()), Math.round(visit.box().y()), Math.round(visit.box().width()),
                        Math.round(visit.box().height())), event.duration().toMillis(), visit.snapshot());
    }

    /** START and END carry the snapshot to publish first (the best so far; at END the best of the whole visit). */
    public boolean sendsSnapshot() {
        return (type.equals("start") || type.equals("end")) && snapshot.length > 0;
    }
}
