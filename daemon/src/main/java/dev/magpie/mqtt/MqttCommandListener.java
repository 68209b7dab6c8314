package dev.magpie.mqtt;

import dev.magpie.pipeline.DaemonCommands;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code <prefix>/<device>/cmd/<verb>} with a JSON reply on {@code cmd/<verb>/reply}. Commands run one at a
 * time on the {@code magpie-mqtt-commands} thread, never on Paho's callback thread, so a slow command cannot stall
 * keep-alives or other deliveries. At most 32 commands wait; beyond that the reply is {@code busy}.
 *
 * <p>Commands arrive at least once (QoS 1): a redelivered one runs again, so callers should make them idempotent or
 * send an {@code id} and ignore repeated replies. Retained command messages are refused: a retained {@code retrain}
 * would otherwise run again on every reconnect.
 */
public final class MqttCommandListener implements AutoCloseable {

    /** Commands are small JSON objects; anything near this is a mistake or an attack. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(MqttCommandListener.class);

    private final MqttConnection connection;
    private final MqttTopics topics;
    private final CommandDispatcher dispatcher;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Every verb allowed, 64 KB cap. */
    public MqttCommandListener(MqttConnection connection, DaemonCommands commands) {
        this(connection, commands, CommandDispatcher.VERBS, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** @param allowedVerbs the verbs this device accepts (e.g. leave out {@code promote} on a shared broker) */
    public MqttCommandListener(MqttConnection connection, DaemonCommands commands, Set<String> allowedVerbs,
                               int maxPayloadBytes) {
        this.connection = connection;
        this.topics = connection.topics();
        this.dispatcher = new CommandDispatcher(commands, allowedVerbs, maxPayloadBytes);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), runnable -> {
            Thread thread = new Thread(runnable, "magpie-mqtt-commands");
            thread.setDaemon(true);
            return thread;
        });
        connection.subscribe(topics.commandFilter(), 1, this::received);
    }

    /** The verbs a caller may send. */
    public static Set<String> verbs() {
        return CommandDispatcher.VERBS;
    }

    private void received(String topic, MqttMessage message) {
        String verb = topic.substring(topics.commandPrefix().length());
        if (message.isRetained()) {
            reply(verb, dispatcher.refusal("invalid_argument",
                    "retained commands are ignored; publish with retain=false"));
            return;
        }
        byte[] payload = message.getPayload();
        try {
            executor.execute(() -> reply(verb, dispatcher.handle(verb, payload)));
        } catch (RejectedExecutionException e) {
            reply(verb, dispatcher.refusal("busy", "too many commands waiting; try again"));
        }
    }

    private void reply(String verb, byte[] reply) {
        if (closed.get()) {
            return;
        }
        log.debug("MQTT command {} answered: {}", verb, new String(reply, StandardCharsets.UTF_8));
        connection.publishQuietly(topics.reply(verb), reply, 1, false);
    }

    /** Stops taking commands; the one running may finish (up to 5 s). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("MQTT command still running after 5 s; interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
