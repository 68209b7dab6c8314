package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxTest {

    private static Outbox.Message message(Outbox.Kind kind, String topic) {
        return new Outbox.Message(kind, topic, new byte[0], 1, kind == Outbox.Kind.STATE);
    }

    @Test
    void aFullOutboxDropsTheOldestStateNeverAnEvent() throws Exception {
        Outbox outbox = new Outbox(3);
        outbox.offer(message(Outbox.Kind.EVENT, "e1"));
        outbox.offer(message(Outbox.Kind.STATE, "s1"));
        outbox.offer(message(Outbox.Kind.STATE, "s2"));

        assertThat(outbox.offer(message(Outbox.Kind.EVENT, "e2"))).isEqualTo(Outbox.Offer.QUEUED_DROPPED_OLDEST_STATE);

        assertThat(outbox.droppedStates()).isEqualTo(1);
        assertThat(outbox.poll(0).topic()).isEqualTo("e1");
        assertThat(outbox.poll(0).topic()).isEqualTo("s2");
        assertThat(outbox.poll(0).topic()).isEqualTo("e2");
        assertThat(outbox.poll(0)).isNull();
    }

    @Test
    void eventsOverflowTheCapacityRatherThanBeDroppedUpToTenTimesIt() {
        Outbox outbox = new Outbox(2);
        for (int i = 0; i < 20; i++) {
            assertThat(outbox.offer(message(Outbox.Kind.EVENT, "e" + i))).isEqualTo(Outbox.Offer.QUEUED);
        }
        assertThat(outbox.offer(message(Outbox.Kind.STATE, "s"))).isEqualTo(Outbox.Offer.QUEUED_DROPPED_OLDEST_STATE);
        assertThat(outbox.offer(message(Outbox.Kind.EVENT, "e20"))).isEqualTo(Outbox.Offer.REFUSED);
        assertThat(outbox.size()).isEqualTo(20);
        assertThat(outbox.refused()).isEqualTo(1);
    }

    @Test
    void aMessagePutBackComesOutFirst() throws Exception {
        Outbox outbox = new Outbox(5);
        outbox.offer(message(Outbox.Kind.EVENT, "e1"));
        outbox.offer(message(Outbox.Kind.EVENT, "e2"));
        Outbox.Message first = outbox.poll(0);
        outbox.putBack(first);
        assertThat(outbox.poll(0).topic()).isEqualTo("e1");
    }
}
