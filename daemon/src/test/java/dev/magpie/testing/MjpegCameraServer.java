package dev.magpie.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP MJPEG camera on a loopback port ({@code com.sun.net.httpserver}), for tests: serves {@code frames} in a
 * loop at {@code fps} as {@code multipart/x-mixed-replace}. {@link #stop()} drops every stream and refuses
 * connections, as a camera that lost power would; {@link #start()} brings it back on the same port.
 */
public final class MjpegCameraServer implements AutoCloseable {

    private static final String BOUNDARY = "magpieframe";

    private final List<byte[]> frames;
    private final long intervalMillis;
    private final int port;
    private final AtomicLong served = new AtomicLong();
    private volatile HttpServer server;
    private volatile long generation;

    private MjpegCameraServer(List<byte[]> frames, double fps, int port) {
        this.frames = List.copyOf(frames);
        this.intervalMillis = Math.max(1, Math.round(1000 / fps));
        this.port = port;
    }

    public static MjpegCameraServer start(List<byte[]> frames, double fps) throws IOException {
        MjpegCameraServer camera = new MjpegCameraServer(frames, fps, MosquittoBroker.freePort());
        camera.start();
        return camera;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/stream");
    }

    /** Frames written to clients so far, across restarts. */
    public long served() {
        return served.get();
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        long mine = ++generation;
        HttpServer fresh = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        fresh.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-mjpeg-camera");
            thread.setDaemon(true);
            return thread;
        }));
        fresh.createContext("/stream", exchange -> stream(exchange, mine));
        fresh.start();
        server = fresh;
    }

    /** Ends every open stream and stops listening. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        generation++;
        server.stop(0);
        server = null;
    }

    private void stream(HttpExchange exchange, long mine) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int next = 0;
            while (generation == mine) {
                byte[] jpeg = frames.get(next++ % frames.size());
                out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                served.incrementAndGet();
                Thread.sleep(intervalMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            // the daemon closed its end; nothing to do
        }
    }

    @Override
    public void close() {
        stop();
    }
}
