package dev.magpie.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.pipeline.SpeciesToday;
import dev.magpie.pipeline.VisitReport;
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

    byte[] visit(VisitReport visit) {
        ObjectNode node = json.createObjectNode();
        node.put("id", visit.id());
        node.put("visit_id", visit.visitId());
        node.put("zone", visit.zone());
        node.put("type", visit.type());
        node.put("species", visit.species());
        node.put("confidence", visit.confidence());
        node.put("time", visit.time().toString());
        node.put("start", visit.start().toString());
        visit.box().forEach(node.putArray("box")::add);
        node.put("duration_ms", visit.durationMillis());
        return bytes(node);
    }

    byte[] speciesToday(SpeciesToday today) {
        ObjectNode node = json.createObjectNode();
        node.put("zone", today.zone());
        node.put("date", today.date().toString());
        ObjectNode species = node.putObject("species");
        today.visits().forEach(species::put);
        return bytes(node);
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
