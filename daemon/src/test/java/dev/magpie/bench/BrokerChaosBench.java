package dev.magpie.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.app.DaemonRunner;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.rules.ZoneEvent;
import dev.magpie.rules.ZoneState;
import dev.magpie.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Broker chaos: events stream (replay alternating subject/background, every frame an event) while mosquitto (with
 * persistence, as a real broker) is stopped for N seconds and restarted, 5 times. Counts events raised (a
 * timestamping sink beside MQTT, by id) against events delivered to a persistent-session QoS 1 subscriber (by id),
 * duplicates, and the time from each broker return until the daemon's session is connected again (bar ≤ 5 s).
 *
 * <p>Run: {@code bench/run.sh BrokerChaosBench [outage seconds, comma-separated] [fps]} (bench/broker-chaos.txt).
 */
public final class BrokerChaosBench {

    public static void main(String[] args) throws Exception {
        String[] outageArg = (args.length > 0 ? args[0] : "30,30,30,30,30").split(",");
        double fps = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        BenchRig.header("Broker chaos (mosquitto stopped and restarted while events stream)");
        try (BenchRig rig = BenchRig.create("chaos");
             MosquittoBroker broker = MosquittoBroker.builder(rig.dir.resolve("broker")).persistence().start()) {
            Path frames = rig.frames("frames", BenchRig.alternating(rig.confident(BenchRig.SUBJECT, 0.8),
                    rig.confident(BenchRig.BACKGROUND, 0.8), 100));
            Map<String, Long> raised = new ConcurrentHashMap<>();
            AlertSink stamp = new AlertSink() {
                @Override
                public void stateChanged(ZoneState state) {
                }

                @Override
                public void event(ZoneEvent event, byte[] snapshotJpeg) {
                    raised.put(event.id(), System.nanoTime());
                }
            };
            Map<String, Integer> delivered = new ConcurrentHashMap<>();
            AtomicInteger messages = new AtomicInteger();
            ObjectMapper json = new ObjectMapper();
            MqttClient subscriber = new MqttClient(broker.uri(), "chaos-subscriber", new MemoryPersistence());
            subscriber.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    String id = json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8)).get("id").asText();
                    delivered.merge(id, 1, Integer::sum);
                    messages.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false); // the broker keeps its subscription and queues for it across restarts
            options.setMaxInflight(1000);
            subscriber.connect(options);
            subscriber.subscribe("magpie/bench/zone/event", 1);
            Thread keepSubscribed = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        if (!subscriber.isConnected()) {
                            subscriber.connect(options);
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception retry) {
                        // broker still down
                    }
                }
            }, "chaos-subscriber-reconnect");
            keepSubscribed.setDaemon(true);
            keepSubscribed.start();

            System.out.printf(Locale.ROOT, "replay at %.0f fps (about %.0f events/s), outages of %s s, broker %s with persistence%n",
                    fps, fps, String.join(", ", outageArg), broker.uri());
            List<Double> reconnects = new ArrayList<>();
            Set<String> cutOff;
            try (DaemonRunner daemon = rig.start(rig.config(frames, fps, true, broker.uri()), List.of(stamp))) {
                while (!daemon.mqttConnected().orElse(false)) {
                    Thread.sleep(20);
                }
                Thread.sleep(5000);
                for (int i = 0; i < outageArg.length; i++) {
                    int raisedBefore = raised.size();
                    broker.stop();
                    long stopped = System.nanoTime();
                    Thread.sleep(Long.parseLong(outageArg[i].trim()) * 1000);
                    broker.start();
                    long back = System.nanoTime();
                    while (!daemon.mqttConnected().orElse(false) && System.nanoTime() - back < 120_000_000_000L) {
                        Thread.sleep(10);
                    }
                    double seconds = (System.nanoTime() - back) / 1e9;
                    reconnects.add(seconds);
                    System.out.printf(Locale.ROOT, "outage %d: broker down %.1f s; %d events raised meanwhile; daemon connected %.2f s after the broker's return%n",
                            i + 1, (back - stopped) / 1e9, raised.size() - raisedBefore, seconds);
                    Thread.sleep(10_000);
                }
                cutOff = new HashSet<>(raised.keySet());
                long waitStart = System.nanoTime();
                while (!delivered.keySet().containsAll(cutOff) && System.nanoTime() - waitStart < 60_000_000_000L) {
                    Thread.sleep(100);
                }
                System.out.printf(Locale.ROOT, "all raised events delivered %.1f s after the last outage's stream ended%s%n",
                        (System.nanoTime() - waitStart) / 1e9, delivered.keySet().containsAll(cutOff) ? "" : " (gave up: some missing)");
            }
            keepSubscribed.interrupt();
            subscriber.disconnectForcibly(1000);
            subscriber.close();

            int lost = 0;
            int duplicated = 0;
            int extraCopies = 0;
            for (String id : cutOff) {
                Integer n = delivered.get(id);
                if (n == null) {
                    lost++;
                } else if (n > 1) {
                    duplicated++;
                    extraCopies += n - 1;
                }
            }
            double worst = reconnects.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "events raised %d, delivered %d distinct (%d lost), %d delivered more than once (%d extra copies)%n",
                    cutOff.size(), cutOff.size() - lost, lost, duplicated, extraCopies);
            System.out.printf(Locale.ROOT, "delivery as measured: %s%n", lost > 0 ? "events LOST (not even at-least-once)"
                    : duplicated > 0 ? "at-least-once (duplicates seen: subscribers must de-duplicate by id)"
                    : "every event exactly once in this run (the contract is at-least-once)");
            System.out.printf(Locale.ROOT, "load average at end: %s%n", BenchRig.load());
            System.out.printf(Locale.ROOT, "reconnect after the broker's return: worst %.2f s, median %.2f s; bar ≤ 5 s: %s; no event lost: %s%n",
                    worst, BenchRig.median(reconnects), worst <= 5 ? "PASS" : "FAIL", lost == 0 ? "PASS" : "FAIL");
        }
        System.exit(0);
    }

    private BrokerChaosBench() {
    }
}
