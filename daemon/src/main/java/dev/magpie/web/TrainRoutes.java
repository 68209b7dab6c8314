package dev.magpie.web;

import dev.magpie.learn.Metrics;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
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
 */
final class TrainRoutes implements RouteGroup, AutoCloseable {

    private final WebServices services;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicReference<Map<String, Object>> state = new AtomicReference<>(Map.of("running", false));
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile long lastSentNanos;

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
            client.sendEvent("state", state.get());
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

    private void broadcast(String name, Map<String, Object> data) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
                continue;
            }
            try {
                client.sendEvent(name, data);
            } catch (RuntimeException e) {
                clients.remove(client);
            }
        }
    }

    @Override
    public void close() {
        for (SseClient client : clients) {
            client.close();
        }
        clients.clear();
    }
}
