package dev.magpie.devices.camera;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP camera on a free port. Each connection runs the next queued {@link Script}; a script that ends with
 * {@link Script#HOLD} keeps the connection open until the server closes, like a live stream between frames.
 */
final class CameraServer implements AutoCloseable {

    /** What one connection does. Returns true to hold the connection open afterwards. */
    @FunctionalInterface
    interface Script {
        boolean HOLD = true;

        boolean serve(HttpExchange exchange) throws IOException;
    }

    static final String BOUNDARY = "magpieframe";

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    CameraServer() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-camera-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void then(Script script) {
        scripts.add(script);
    }

    private void handle(HttpExchange exchange) throws IOException {
        connections.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        Script script = scripts.poll();
        try {
            if (script == null) {
                exchange.sendResponseHeaders(503, -1);
            } else if (script.serve(exchange)) {
                closing.await(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: expected when a source is closed mid-stream
        } finally {
            exchange.close();
        }
    }

    /** Starts a multipart response. */
    static OutputStream startMultipart(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes one part; {@code declaredLength} null leaves Content-Length out. */
    static void part(OutputStream out, byte[] body, Integer declaredLength) throws IOException {
        String headers = "--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\n"
                + (declaredLength == null ? "" : "Content-Length: " + declaredLength + "\r\n") + "\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static void part(OutputStream out, byte[] jpeg) throws IOException {
        part(out, jpeg, jpeg.length);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
