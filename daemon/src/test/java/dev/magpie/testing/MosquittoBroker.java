package dev.magpie.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto ({@code /usr/sbin/mosquitto}, apt package {@code mosquitto}) on a free loopback port, for tests.
 * Writes its own config into a directory the test owns; {@link #stop()} and {@link #start()} keep the port, so a
 * client can be shown what an outage does. Optional: a password file, persistence (so a persistent session and its
 * queued QoS 1 messages survive a restart, as on a real broker), and a TLS listener.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder(tempDir).start()) { ... broker.uri() ... }
 * }</pre>
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final Path config;
    private final int port;
    private final boolean tls;
    private Process process;
    private int starts;

    private MosquittoBroker(Path dir, int port, boolean tls, List<String> configLines) throws IOException {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.config = dir.resolve("mosquitto.conf");
        Files.write(config, configLines);
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** {@code tcp://127.0.0.1:<port>} or {@code ssl://127.0.0.1:<port>}. */
    public String uri() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts (or restarts) the broker on the same port and returns once it accepts connections. */
    public synchronized MosquittoBroker start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path log = dir.resolve("mosquitto-" + ++starts + ".log");
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                sleepQuietly(25);
            }
        }
        throw new IOException("mosquitto did not accept connections on port " + port + " within 10 s: "
                + Files.readString(log));
    }

    /** Stops the broker (SIGTERM, so a persistent broker saves its sessions) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Everything the broker logged in its most recent run. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto-" + starts + ".log"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop();
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final Path dir;
        private String user;
        private String password;
        private boolean persistence;
        private Path caFile;
        private Path certFile;
        private Path keyFile;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Refuses anonymous clients; {@code user} logs in with {@code password} (via {@code mosquitto_passwd -b}). */
        public Builder password(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Keeps sessions and queued messages across {@link #stop()}/{@link #start()}. */
        public Builder persistence() {
            this.persistence = true;
            return this;
        }

        /** A TLS listener with this server certificate, signed by {@code caFile}. */
        public Builder tls(Path caFile, Path certFile, Path keyFile) {
            this.caFile = caFile;
            this.certFile = certFile;
            this.keyFile = keyFile;
            return this;
        }

        public MosquittoBroker start() throws IOException {
            Files.createDirectories(dir);
            int port = freePort();
            List<String> lines = new ArrayList<>();
            // Run as whoever runs the tests: as root, mosquitto would otherwise switch to user "mosquitto" and
            // lose access to files in the test's temp directory.
            lines.add("user " + System.getProperty("user.name"));
            lines.add("per_listener_settings false");
            lines.add("listener " + port + " 127.0.0.1");
            if (caFile != null) {
                lines.add("cafile " + caFile);
                lines.add("certfile " + certFile);
                lines.add("keyfile " + keyFile);
            }
            if (user != null) {
                Path passwords = dir.resolve("passwords");
                run("mosquitto_passwd", "-c", "-b", passwords.toString(), user, password);
                lines.add("allow_anonymous false");
                lines.add("password_file " + passwords);
            } else {
                lines.add("allow_anonymous true");
            }
            lines.add("persistence " + persistence);
            if (persistence) {
                lines.add("persistence_location " + dir.toAbsolutePath() + "/");
            }
            lines.add("log_dest stdout");
            lines.add("log_type all");
            return new MosquittoBroker(dir, port, caFile != null, lines).start();
        }

        private static void run(String... command) throws IOException {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IOException(String.join(" ", command[0]) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(command[0] + " interrupted", e);
            }
        }
    }
}
