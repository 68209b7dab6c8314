package dev.magpie.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import dev.magpie.testing.MosquittoBroker;
import dev.magpie.testing.MqttProbe;
import dev.magpie.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttAlertPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerDir;
    static MosquittoBroker broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = MosquittoBroker.builder(brokerDir).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MqttSettings settings(String uri, String deviceId) {
        return MqttSettings.builder(uri, deviceId, dataDir.resolve("mqtt")).keepAlive(Duration.ofSeconds(2)).build();
    }

    private static MqttConnection connected(MqttSettings settings) throws Exception {
        MqttConnection connection = MqttConnection.open(settings);
        connection.firstConnect().get(10, TimeUnit.SECONDS);
        return connection;
    }

    @Test
    void statusIsRetainedOnlineAndTheWillSaysOfflineWhenTheConnectionDiesWithoutDisconnect() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port());
             MqttConnection connection = connected(settings(proxy.uri(), "will"));
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            probe.subscribe("magpie/will/status");
            MqttProbe.Received online = probe.next("magpie/will/status", WAIT);
            assertThat(online.text()).isEqualTo("online");
            assertThat(online.retained()).isTrue();

            proxy.close(); // the TCP connection dies; no DISCONNECT reaches the broker

            MqttProbe.Received will = probe.next("magpie/will/status", WAIT);
            assertThat(will.text()).isEqualTo("offline");
        }
        try (MqttProbe late = MqttProbe.connect(broker.uri())) {
            late.subscribe("magpie/will/status");
            MqttProbe.Received retained = late.next("magpie/will/status", WAIT);
            assertThat(retained.text()).isEqualTo("offline");
            assertThat(retained.retained()).isTrue();
        }
    }

    @Test
    void closingSaysOfflineBecauseACleanDisconnectFiresNoWill() throws Exception {
        try (MqttProbe probe = MqttProbe.connect(broker.uri())) {
            MqttConnection connection = connected(settings(broker.uri(), "bye"));
            probe.subscribe("magpie/bye/status");
            assertThat(probe.next("magpie/bye/status", WAIT).text()).isEqualTo("online");

            connection.close();
            connection.close(); // idempotent

            assertThat(probe.next("magpie/bye/status", WAIT).text()).isEqualTo("offline");
        }
    }

    @Test
    void stateIsRetainedSoALateSubscriberGetsTheCurrentOne() throws Exception {
        Instant since = Instant.parse("2026-05-01T10:15:30Z");
        try (MqttConnection connection = connected(settings(broker.uri(), "state"));
             MqttAlertPublisher publisher = new MqttAlertPublisher(connection);
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            probe.subscribe("magpie/state/shelf1/state");
            publisher.stateChanged(new ZoneState("shelf1", "full", 0.61, since.minusSeconds(60), "v1"));
            publisher.stateChanged(new ZoneState("shelf1", "empty", 0.93, since, "v2"));
            assertThat(probe.collect("magpie/state/shelf1/state", 2, WAIT)).hasSize(2);
        }
        try (MqttProbe late = MqttProbe.connect(broker.uri())) {
            late.subscribe("magpie/state/shelf1/state");
            MqttProbe.Received state = late.next("magpie/state/shelf1/state", WAIT);
            assertThat(state.retained()).isTrue();
            JsonNode json = JSON.readTree(state.payload());
            assertThat(json.get("zone").asText()).isEqualTo("shelf1");
            assertThat(json.get("label").asText()).isEqualTo("empty");
            assertThat(json.get("confidence").asDouble()).isEqualTo(0.93);
            assertThat(json.get("since").asText()).isEqualTo("2026-05-01T10:15:30Z");
            assertThat(json.get("model").asText()).isEqualTo("v2");
        }
    }

    @Test
    void eventArrivesAtQos1RightAfterItsRetainedSnapshot() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02, (byte) 0xFF, (byte) 0xD9};
        ZoneEvent start = new ZoneEvent("ev-1", "feeder", ZoneEvent.Type.START, "goldfinch", 0.88,
                Instant.parse("2026-05-01T07:00:00Z"), "snap-1", "v3", 0);
        ZoneEvent end = new ZoneEvent("ev-2", "feeder", ZoneEvent.Type.END, "goldfinch", 0.80,
                Instant.parse("2026-05-01T07:00:42Z"), null, "v3", 42_000);
        try (MqttConnection connection = connected(settings(broker.uri(), "events"));
             MqttAlertPublisher publisher = new MqttAlertPublisher(connection);
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            probe.subscribe("magpie/events/feeder/+");
            publisher.event(start, jpeg);
            publisher.event(end, null);

            List<MqttProbe.Received> messages = probe.collect("magpie/events/feeder/+", 3, WAIT);
            assertThat(messages).extracting(MqttProbe.Received::topic).containsExactly(
                    "magpie/events/feeder/snapshot", "magpie/events/feeder/event", "magpie/events/feeder/event");
            assertThat(messages.get(0).payload()).isEqualTo(jpeg);
            assertThat(messages.get(0).qos()).isEqualTo(1);
            JsonNode first = JSON.readTree(messages.get(1).payload());
            assertThat(messages.get(1).qos()).isEqualTo(1);
            assertThat(messages.get(1).retained()).isFalse();
            assertThat(first.get("id").asText()).isEqualTo("ev-1");
            assertThat(first.get("type").asText()).isEqualTo("start");
            assertThat(first.get("label").asText()).isEqualTo("goldfinch");
            assertThat(first.get("confidence").asDouble()).isEqualTo(0.88);
            assertThat(first.get("time").asText()).isEqualTo("2026-05-01T07:00:00Z");
            assertThat(first.get("snapshot_id").asText()).isEqualTo("snap-1");
            assertThat(first.get("model").asText()).isEqualTo("v3");
            assertThat(first.get("duration_ms").asLong()).isZero();
            JsonNode second = JSON.readTree(messages.get(2).payload());
            assertThat(second.get("type").asText()).isEqualTo("end");
            assertThat(second.get("snapshot_id").isNull()).isTrue();
            assertThat(second.get("duration_ms").asLong()).isEqualTo(42_000);
        }
        try (MqttProbe late = MqttProbe.connect(broker.uri())) {
            late.subscribe("magpie/events/feeder/snapshot");
            assertThat(late.next("magpie/events/feeder/snapshot", WAIT).payload()).isEqualTo(jpeg);
        }
    }

    @Test
    void zoneNamesThatAreNotATopicLevelAreRefusedWithoutThrowing() throws Exception {
        try (MqttConnection connection = connected(settings(broker.uri(), "badzone"));
             MqttAlertPublisher publisher = new MqttAlertPublisher(connection);
             MqttProbe probe = MqttProbe.connect(broker.uri())) {
            probe.subscribe("magpie/badzone/#");
            for (String zone : List.of("a/b", "+", "#", "", "status", "cmd")) {
                publisher.stateChanged(new ZoneState(zone, "empty", 1, Instant.now(), "v1"));
            }
            publisher.stateChanged(new ZoneState("ok", "empty", 1, Instant.now(), "v1"));
            List<MqttProbe.Received> messages = probe.collect("magpie/badzone/+/state", 1, WAIT);
            assertThat(messages).extracting(MqttProbe.Received::topic).containsExactly("magpie/badzone/ok/state");
        }
    }

    /**
     * Stops mosquitto, raises 10 events, starts it again on the same port: all 10 arrive. The broker keeps the
     * subscriber's persistent session across the restart (persistence on), as a production broker would.
     */
    @Test
    void eventsRaisedWhileTheBrokerIsDownAreDeliveredAfterItReturns(@TempDir Path outageDir) throws Exception {
        try (MosquittoBroker persistent = MosquittoBroker.builder(outageDir).persistence().start();
             MqttConnection connection = connected(settings(persistent.uri(), "outage"));
             MqttAlertPublisher publisher = new MqttAlertPublisher(connection);
             MqttProbe probe = MqttProbe.persistent(persistent.uri(), "outage-probe")) {
            probe.subscribe("magpie/outage/yard/event");

            persistent.stop();
            for (int i = 0; i < 10; i++) {
                publisher.event(new ZoneEvent("ev-" + i, "yard", ZoneEvent.Type.START, "fox", 0.9, Instant.now(),
                        null, "v1", 0), null);
            }
            persistent.start();

            List<MqttProbe.Received> messages = probe.collect("magpie/outage/yard/event", 10,
                    Duration.ofSeconds(60));
            // Wait a little longer to count duplicates a redelivery might add.
            messages.addAll(probe.collect("magpie/outage/yard/event", 100, Duration.ofSeconds(2)));
            Map<String, Integer> copies = new HashMap<>();
            for (MqttProbe.Received message : messages) {
                copies.merge(JSON.readTree(message.payload()).get("id").asText(), 1, Integer::sum);
            }
            System.out.println("outage: " + messages.size() + " deliveries of " + copies.size() + " events; "
                    + "duplicates " + (messages.size() - copies.size()));
            assertThat(copies.keySet()).hasSize(10);
            assertThat(publisher.droppedStates()).isZero();
            assertThat(publisher.refusedMessages()).isZero();
        }
    }
}
