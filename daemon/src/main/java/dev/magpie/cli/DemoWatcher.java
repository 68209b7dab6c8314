package dev.magpie.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.devices.camera.ShelfTruth;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The demo's MQTT subscriber: what any client of the device would see. Prints each state change and event of the
 * shelf's zones as it arrives, at the simulated time of the frame it is about, and scores it against the simulation.
 * Zones are named {@code slot1} to {@code slot6}; the shelf's labels are {@code stocked} and {@code empty}.
 */
final class DemoWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final String base;
    private final ScoredShelf shelf;
    private final PrintStream out;
    private final Map<String, String> lastLabel = new HashMap<>();      // guarded by this
    private final Map<String, Integer> lastSnapshotBytes = new HashMap<>(); // guarded by this
    private final Map<String, ShelfTruth> openedAt = new HashMap<>();        // guarded by this
    private final AtomicInteger stateChanges = new AtomicInteger();
    private final AtomicInteger stateMatches = new AtomicInteger();
    private final AtomicInteger alertsStarted = new AtomicInteger();
    private final AtomicInteger alertsEnded = new AtomicInteger();
    private final AtomicInteger eventMatches = new AtomicInteger();
    private final AtomicInteger discoveryConfigs = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicLong lastMessageNanos = new AtomicLong(System.nanoTime());

    DemoWatcher(String brokerUri, String topicPrefix, String deviceId, String discoveryPrefix, ScoredShelf shelf,
                PrintStream out) throws MqttException {
        this.base = topicPrefix + "/" + deviceId + "/";
        this.shelf = shelf;
        this.out = out;
        this.client = new MqttClient(brokerUri, "magpie-demo-watcher", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                out.println("   (the demo's subscriber lost the broker: " + cause.getMessage() + ")");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        client.connect(options);
        client.subscribe(new String[] {base + "#", discoveryPrefix + "/#"}, new int[] {1, 1});
    }

    private void arrived(String topic, byte[] payload) {
        messages.incrementAndGet();
        lastMessageNanos.set(System.nanoTime());
        try {
            if (!topic.startsWith(base)) {
                if (payload.length > 0) {
                    discoveryConfigs.incrementAndGet();
                }
                return;
            }
            String[] levels = topic.substring(base.length()).split("/");
            if (levels.length != 2) {
                return; // status, notices, command replies
            }
            String zone = levels[0];
            switch (levels[1]) {
                case "state" -> state(zone, JSON.readTree(payload));
                case "event" -> event(zone, JSON.readTree(payload));
                case "snapshot" -> {
                    synchronized (this) {
                        lastSnapshotBytes.put(zone, payload.length);
                    }
                }
                default -> {
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("   (could not read " + topic + ": " + e.getMessage() + ")");
        }
    }

    private synchronized void state(String zone, JsonNode state) {
        String label = state.path("label").asText("unknown");
        Optional<ShelfTruth> truth = truthAt(state.path("since").asText(null));
        String previous = lastLabel.put(zone, label);
        if (label.equals(previous)) {
            return;
        }
        boolean matches = truth.isPresent() && label.equals(truthLabel(truth.get(), zone));
        if (previous != null) {
            stateChanges.incrementAndGet();
            stateMatches.addAndGet(matches ? 1 : 0);
        }
        out.printf(Locale.ROOT, "   %s %s: %s%s (%.2f)%s%n", clock(truth), slot(zone), previous == null ? "" : previous + " -> ",
                label, state.path("confidence").asDouble(), matches ? "" : mismatch(truth, zone));
    }

    private synchronized void event(String zone, JsonNode event) {
        boolean start = "start".equals(event.path("type").asText());
        String label = event.path("label").asText();
        Optional<ShelfTruth> truth = truthAt(event.path("time").asText(null));
        // an alert on 'empty' is right when the slot is empty as it starts and stocked again as it ends
        boolean matches = truth.isPresent() && (start == label.equals(truthLabel(truth.get(), zone)));
        (start ? alertsStarted : alertsEnded).incrementAndGet();
        eventMatches.addAndGet(matches ? 1 : 0);
        if (start) {
            truth.ifPresent(t -> openedAt.put(zone, t));
            Integer snapshot = lastSnapshotBytes.remove(zone);
            out.printf(Locale.ROOT, "   %s %s: ALERT %s started (%.2f)%s%s%n", clock(truth), slot(zone), label,
                    event.path("confidence").asDouble(), snapshot == null ? "" : String.format(Locale.ROOT, ", snapshot %d kB",
                            Math.round(snapshot / 1024.0)), matches ? "" : mismatch(truth, zone));
        } else {
            ShelfTruth opened = openedAt.remove(zone);
            String lasted = opened == null || truth.isEmpty() ? ""
                    : " after " + java.time.Duration.between(opened.simulatedTime(), truth.get().simulatedTime()).toMinutes() + " min";
            out.printf(Locale.ROOT, "   %s %s: alert %s ended%s%s%n", clock(truth), slot(zone), label, lasted,
                    matches ? "" : mismatch(truth, zone));
        }
    }

    private Optional<ShelfTruth> truthAt(String time) {
        if (time == null) {
            return Optional.empty();
        }
        try {
            return shelf.truthAt(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String truthLabel(ShelfTruth truth, String zone) {
        int index = slotIndex(zone);
        return index < 0 || index >= truth.stocked().size() ? "?" : truth.stocked().get(index) ? "stocked" : "empty";
    }

    private static int slotIndex(String zone) {
        try {
            return Integer.parseInt(zone.substring("slot".length())) - 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String slot(String zone) {
        return zone.startsWith("slot") ? "slot " + zone.substring(4) : zone;
    }

    private static String clock(Optional<ShelfTruth> truth) {
        return truth.map(t -> String.format(Locale.ROOT, "%02d:%02d", t.simulatedTime().getHour(), t.simulatedTime().getMinute()))
                .orElse("--:--");
    }

    private static String mismatch(Optional<ShelfTruth> truth, String zone) {
        return truth.map(t -> "   [simulation: " + truthLabel(t, zone) + "]").orElse("   [no simulated frame to compare]");
    }

    /** Waits until no message has arrived for {@code quietMillis}, at most {@code maxMillis}. */
    void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < deadline && System.nanoTime() - lastMessageNanos.get() < quietMillis * 1_000_000) {
            Thread.sleep(50);
        }
    }

    int messages() {
        return messages.get();
    }

    int stateChanges() {
        return stateChanges.get();
    }

    int stateMatches() {
        return stateMatches.get();
    }

    int alertsStarted() {
        return alertsStarted.get();
    }

    int alertsEnded() {
        return alertsEnded.get();
    }

    int eventMatches() {
        return eventMatches.get();
    }

    int discoveryConfigs() {
        return discoveryConfigs.get();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // the broker stops next; nothing to keep
        }
    }
}
