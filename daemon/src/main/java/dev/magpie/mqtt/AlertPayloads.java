package dev.magpie.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.detect.DailySpeciesList;
import dev.magpie.detect.Visit;
import dev.magpie.detect.VisitEvent;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON bodies of {@code <zone>/state}, {@code <zone>/event}, {@code <zone>/visit} and {@code <zone>/species/today}; field names are part of the MQTT contract. */
final class AlertPayloads {

    private final ObjectMapper json = new ObjectMapper();

    byte[] state(ZoneState state) {
        ObjectNode node = json.createObjectNode();
        node.put("zone", state.zone());
        node.put("label", state.label());
        node.put("confidence", state.confidence());
        node.put("since", state.since() == null ? null : state.since().toString());
        node.put("model", state.model());
        return bytes(node);
    }

    byte[] event(ZoneEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("id", event.id());
        node.put("zone", event.zone());
        node.put("type", event.type().name().toLowerCase(Locale.ROOT));
        node.put("label", event.label());
        node.put("confidence", event.confidence());
        node.put("time", event.time() == null ? null : event.time().toString());
        node.put("snapshot_id", event.snapshotId());
        node.put("model", event.model());
        node.put("duration_ms", event.durationMillis());
        return bytes(node);
    }

    byte[] visit(VisitEvent event) {
        Visit visit = event.visit();
        ObjectNode node = json.createObjectNode();
        node.put("id", visitId(visit) + "-" + event.type().name().toLowerCase(Locale.ROOT) + "-" + event.at().toEpochMilli());
        node.put("visit_id", visitId(visit));
        node.put("zone", visit.region());
        node.put("type", event.type().name().toLowerCase(Locale.ROOT));
        node.put("species", visit.species());
        node.put("confidence", visit.confidence());
        node.put("time", event.at().toString());
        node.put("start", visit.start().toString());
        var box = node.putArray("box");
        box.add(Math.round(visit.box().x())).add(Math.round(visit.box().y()))
                .add(Math.round(visit.box().width())).add(Math.round(visit.box().height()));
        node.put("duration_ms", event.duration().toMillis());
        return bytes(node);
    }

    byte[] speciesToday(String zone, DailySpeciesList.Day day) {
        ObjectNode node = json.createObjectNode();
        node.put("zone", zone);
        node.put("date", day.date().toString());
        ObjectNode species = node.putObject("species");
        new java.util.TreeMap<>(day.visits()).forEach(species::put);
        return bytes(node);
    }

    /** Unique across restarts (track ids restart at 1): the visit's start in epoch ms, the zone and the track id. */
    private static String visitId(Visit visit) {
        return visit.start().toEpochMilli() + "-" + visit.region() + "-" + visit.id();
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
