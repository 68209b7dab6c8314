package dev.magpie.pipeline;

import dev.magpie.detect.DailySpeciesList;
import dev.magpie.detect.Visit;
import dev.magpie.detect.VisitEvent;
import java.util.function.Consumer;

/**
 * Hands a zone's visit events to the sinks, and after a START or UPDATE that names a species (the moments the
 * zone's daily list changes) the day's whole list too.
 */
public final class VisitRelay implements Consumer<VisitEvent> {

    private final String zone;
    private final DailySpeciesList daily;
    private final AlertSink sink;

    public VisitRelay(String zone, DailySpeciesList daily, AlertSink sink) {
        this.zone = zone;
        this.daily = daily;
        this.sink = sink;
    }

    @Override
    public void accept(VisitEvent event) {
        sink.visit(VisitReport.of(event));
        boolean counted = event.type() == VisitEvent.Type.START || event.type() == VisitEvent.Type.UPDATE;
        if (counted && !Visit.UNKNOWN.equals(event.visit().species())) {
            DailySpeciesList.Day day = daily.today();
            sink.speciesToday(new SpeciesToday(zone, day.date(), day.visits()));
        }
    }
}
