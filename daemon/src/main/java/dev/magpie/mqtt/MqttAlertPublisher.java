package dev.magpie.mqtt;

import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.SpeciesToday;
import dev.magpie.pipeline.VisitReport;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the pipeline decides, under {@code <prefix>/<device>/}:
 * <ul>
 *   <li>{@code <zone>/state}: retained JSON (zone, label, confidence, since, model), QoS 1;</li>
 *   <li>{@code <zone>/snapshot}: the JPEG that started an incident, retained, QoS 1, sent just before its event;</li>
 *   <li>{@code <zone>/event}: JSON (id, zone, type start|end, label, confidence, time, snapshot_id, model,
 *       duration_ms), QoS 1, not retained;</li>
 *   <li>{@code <topic>} for notices: JSON, QoS 1, not retained.</li>
 * </ul>
 *
 * <p>Snapshots go at QoS 1, not 0: events are one per incident (rare), and a subscriber that receives an event must
 * be able to fetch the snapshot it names; at QoS 0 an outage could deliver the event and lose its picture. The cost
 * is one PUBACK and one persisted file per incident.
 *
 * <p>The {@link AlertSink} methods only enqueue into a bounded {@link Outbox} and return; the {@code magpie-mqtt}
 * thread hands messages to Paho (whose QoS 1 persistence writes files). While the broker is away Paho keeps them in
 * its in-memory offline buffer; when that is full the outbox holds them and, if it fills too, drops the oldest state
 * (never an event), counted by {@link #droppedStates()}.
 *
 * <p>Delivery is at least once: a QoS 1 message whose PUBACK was lost is sent again, so subscribers de-duplicate
 * events by {@code id}.
 */
public final class MqttAlertPublisher implements AlertSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttAlertPublisher.class);
    private static final Set<Integer> TRY_AGAIN_LATER = Set.of(
            (int) MqttException.REASON_CODE_CLIENT_NOT_CONNECTED,
            (int) MqttException.REASON_CODE_CONNECT_IN_PROGRESS,
            (int) MqttException.REASON_CODE_CLIENT_DISCONNECTING,
            (int) MqttException.REASON_CODE_MAX_INFLIGHT,
            (int) MqttException.REASON_CODE_DISCONNECTED_BUFFER_FULL);

    private final MqttConnection connection;
    private final MqttTopics topics;
    private final AlertPayloads payloads = new AlertPayloads();
    private final Outbox outbox;
    private final Thread sender;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Starts the {@code magpie-mqtt} sender thread; the connection stays owned (and closed) by the caller. */
    public MqttAlertPublisher(MqttConnection connection) {
        this.connection = connection;
        this.topics = connection.topics();
        this.outbox = new Outbox(connection.settings().maxBufferedMessages());
        this.sender = new Thread(this::sendLoop, "magpie-mqtt");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void stateChanged(ZoneState state) {
        String topic = topicOrNull(() -> topics.state(state.zone()), "state");
        if (topic != null) {
            enqueue(new Outbox.Message(Outbox.Kind.STATE, topic, payloads.state(state), 1, true));
        }
    }

    @Override
    public void event(ZoneEvent event, byte[] snapshotJpeg) {
        String eventTopic = topicOrNull(() -> topics.event(event.zone()), "event");
        if (eventTopic == null) {
            return;
        }
        if (snapshotJpeg != null) {
            enqueue(new Outbox.Message(Outbox.Kind.SNAPSHOT, topics.snapshot(event.zone()), snapshotJpeg.clone(), 1,
                    true));
        }
        enqueue(new Outbox.Message(Outbox.Kind.EVENT, eventTopic, payloads.event(event), 1, false));
    }

    @Override
    public void visit(VisitReport visit) {
        String zone = visit.zone();
        String visitTopic = topicOrNull(() -> topics.visit(zone), "visit");
        if (visitTopic == null) {
            return;
        }
        if (visit.sendsSnapshot()) {
            enqueue(new Outbox.Message(Outbox.Kind.SNAPSHOT, topics.visitSnapshot(zone), visit.snapshot().clone(), 1, true));
        }
        enqueue(new Outbox.Message(Outbox.Kind.EVENT, visitTopic, payloads.visit(visit), 1, false));
    }

    @Override
    public void speciesToday(SpeciesToday today) {
        String topic = topicOrNull(() -> topics.speciesToday(today.zone()), "species list");
        if (topic != null) {
            // NOTICE, not STATE: a full outbox must not drop it (it changes only once per visit)
            enqueue(new Outbox.Message(Outbox.Kind.NOTICE, topic, payloads.speciesToday(today), 1, true));
        }
    }

    @Override
    public void notice(String topic, String json) {
        String noticeTopic = topicOrNull(() -> topics.notice(topic), "notice");
        if (noticeTopic != null) {
            enqueue(new Outbox.Message(Outbox.Kind.NOTICE, noticeTopic, json.getBytes(StandardCharsets.UTF_8), 1,
                    false));
        }
    }

    /** States dropped because the outbox was full (each superseded by a newer one, so nothing current was lost). */
    public long droppedStates() {
        return outbox.droppedStates();
    }

    /** Events, snapshots or notices refused because even the overflow allowance was used up; should stay 0. */
    public long refusedMessages() {
        return rejected.get();
    }

    /** Messages Paho rejected for good (not a transient "not connected"); logged as they happen. */
    public long failedMessages() {
        return failed.get();
    }

    /** Messages waiting in the outbox, not yet handed to Paho. */
    public int pendingMessages() {
        return outbox.size();
    }

    private void enqueue(Outbox.Message message) {
        if (closed.get()) {
            log.warn("MQTT publisher closed; {} not sent", message.topic());
            return;
        }
        Outbox.Offer offer = outbox.offer(message);
        if (offer == Outbox.Offer.QUEUED_DROPPED_OLDEST_STATE) {
            log.debug("MQTT outbox full: dropped the oldest zone state ({} so far)", outbox.droppedStates());
        } else if (offer == Outbox.Offer.REFUSED) {
            rejected.incrementAndGet();
            log.error("MQTT outbox full of undelivered events ({} waiting): {} refused", outbox.size(),
                    message.topic());
        }
    }

    private void sendLoop() {
        try {
            while (!closed.get() || outbox.size() > 0) {
                Outbox.Message message = outbox.poll(200);
                if (message != null && !handOver(message)) {
                    outbox.putBack(message);
                    if (closed.get()) {
                        return; // shutting down and Paho cannot take it: leave it, nothing else can be done
                    }
                    TimeUnit.MILLISECONDS.sleep(100); // wait for the connection or the in-flight window
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when Paho took the message (sent, or in its offline buffer) or refused it for good. */
    private boolean handOver(Outbox.Message message) {
        try {
            connection.publish(message.topic(), message.payload(), message.qos(), message.retained());
            return true;
        } catch (MqttException e) {
            if (TRY_AGAIN_LATER.contains(e.getReasonCode())) {
                return false;
            }
            failed.incrementAndGet();
            log.warn("MQTT publish to {} failed for good: {} (reason {})", message.topic(), e.getMessage(),
                    e.getReasonCode());
            return true;
        }
    }

    private static String topicOrNull(java.util.function.Supplier<String> topic, String what) {
        try {
            return topic.get();
        } catch (IllegalArgumentException e) {
            // AlertSink must not throw into the pipeline: a bad name is a configuration bug, logged loudly.
            log.error("MQTT {} not published: {}", what, e.getMessage());
            return null;
        }
    }

    /**
     * Stops taking messages, gives the sender up to 2 s to hand what is queued to Paho (which persists QoS 1 ones),
     * then stops it. Idempotent; close this before the {@link MqttConnection}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            sender.join(2000);
            if (sender.isAlive()) {
                log.warn("MQTT sender still busy after 2 s; {} messages not handed over", outbox.size());
                sender.interrupt();
                sender.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
