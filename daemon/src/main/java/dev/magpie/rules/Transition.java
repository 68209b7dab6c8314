package dev.magpie.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one frame changed in a zone: a new debounced state, and the events it opened or closed (ENDs before STARTs,
 * so a subscriber never sees two incidents of one zone overlap by accident of ordering).
 */
public record Transition(Optional<ZoneState> state, List<ZoneEvent> events) {

    public Transition {
        Objects.requireNonNull(state, "state");
        events = List.copyOf(events);
    }
}
