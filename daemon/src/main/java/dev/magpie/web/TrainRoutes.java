package dev.magpie.web;

import dev.magpie.learn.Metrics;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Training from the UI: {@code POST /api/v1/train} starts one run on thread {@code magpie-web-train} (409 while one
 * runs); {@code GET /api/v1/train} is its state; {@code GET /api/v1/train/events} streams it as server-sent events
 * ({@code progress}: phase, done, total; {@code result}: the new version's metrics beside the current model's on the
 * same held-out images, or {@code failed}). The new version is saved but not promoted: the owner decides.
 *
 * <p>Every stream gets a comment line every {@link #KEEP_ALIVE}: it keeps an idle stream under Jetty's idle timeout and
 * finds clients that went away between runs. All writes to the streams happen on thread {@code magpie-web-sse} and
 * take this object's lock, because Javalin's emitter serialises events but not comments.
 */
final class TrainRoutes implements RouteGroup, AutoCloseable {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final WebServices services;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicReference<Map<String, Object>> state = new AtomicReference<>(Map.of("running", false));
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile long lastSentNanos;
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "magpie-web-sse");
        thread.setDaemon(true);
        return thread;
    });

    TrainRoutes(WebServices services) {
        this.services = services;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/train", this::start);
        routes.get("/api/v1/train", ctx -> ctx.json(state.get()));
        routes.sse("/api/v1/train/events", client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            Map<String, Object> now = state.get();
            submit(() -> send(client, () -> client.sendEvent("state", now)));
        });
    }

    private void start(Context ctx) {
        Thread thread = new Thread(this::run, "magpie-web-train");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        if (!running.compareAndSet(null, thread)) {
            throw WebException.conflict("training_running", "a training run is in progress; watch /api/v1/train/events");
        }
        state.set(Map.of("running", true));
        thread.start();
        ctx.status(202).json(Map.of("running", true, "events", "/api/v1/train/events"));
    }

    private void run() {
        try {
            TrainingResult result = services.trainingRuns().get().run(this::progress);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("running", false);
            out.put("version", result.version());
            out.put("metrics", summary(result.metrics()));
            out.put("current_version", result.previous().map(p -> p.version()).orElse(null));
            out.put("current_on_same_images", result.previousOnSameImages().map(TrainRoutes::summary).orElse(null));
            out.put("promoted", false);
            state.set(out);
            broadcast("result", out);
        } catch (Exception e) {
            ErrorMapper.ApiError error = ErrorMapper.map(e);
            Map<String, Object> out = Map.of("running", false, "error", error.error(),
                    "message", error.status() >= 500 ? String.valueOf(e.getMessage()) : error.message());
            state.set(out);
            broadcast("failed", out);
        } finally {
            running.set(null);
        }
    }

    private static Map<String, Object> summary(Metrics metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", metrics.accuracy());
        out.put("macro_f1", metrics.macroF1());
        out.put("mean_average_precision", metrics.meanAveragePrecision());
        out.put("held_out_rows", metrics.heldOutRows());
        return out;
    }

    private void progress(ProgressListener.Phase phase, long done, long total) {
        long now = System.nanoTime();
        if (done != total && done != 0 && now - lastSentNanos < 100_000_000L) {
            return;
        }
        lastSentNanos = now;
        Map<String, Object> event = Map.of("running", true, "phase", phase.name().toLowerCase(Locale.ROOT), "done", done, "total", total);
        state.set(event);
        broadcast("progress", event);
    }

    // Writes go through one sender thread: a client that stopped reading (a laptop gone to sleep) blocks its socket
    // write until Jetty's idle timeout, and that must not stall the training run or the stats thread.
    private void broadcast(String name, Map<String, Object> data) {
        submit(() -> {
            for (SseClient client : clients) {
                send(client, () -> client.sendEvent(name, data));
            }
        });
    }

    void ping() {
        submit(() -> {
            for (SseClient client : clients) {
                send(client, () -> client.sendComment("keep-alive"));
            }
        });
    }

    private void submit(Runnable writes) {
        try {
            sender.execute(() -> {
                synchronized (this) {
                    writes.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: the server is stopping
        }
    }

    private void send(SseClient client, Runnable write) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            // Jetty already recycled this request (its connection timed out): forget it, EventSource reconnects
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        synchronized (this) {
            for (SseClient client : clients) {
                client.close();
            }
            clients.clear();
        }
    }
}
