package dev.magpie.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An MQTT 3.1.1 broker inside the process (Moquette), for {@code magpie demo}: bound to 127.0.0.1 only, on a free
 * port, anonymous, nothing persisted, Moquette's telemetry off. Not for production: a real install points at the
 * owner's broker (mosquitto, Home Assistant's add-on).
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Big enough for a snapshot JPEG of a large frame; Moquette's default (8 KiB) drops most snapshots. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final Server server = new Server();
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(int port) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        properties.setProperty(IConfig.PORT_PROPERTY_NAME, String.valueOf(port));
        properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        properties.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(MAX_MESSAGE_BYTES));
        properties.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        server.startServer(new MemoryConfig(properties));
        this.port = port;
    }

    /** Starts a broker on a free port of 127.0.0.1. */
    public static EmbeddedBroker start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the port is free when chosen; another process may take it first
            int port = freePort();
            try {
                return new EmbeddedBroker(port);
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        throw new IOException("could not start the embedded MQTT broker on 127.0.0.1: " + last.getMessage(), last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The URI a Paho client connects to, {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker and its threads; idempotent. */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            server.stopServer();
        }
    }
}
