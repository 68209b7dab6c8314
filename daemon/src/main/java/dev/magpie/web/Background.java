package dev.magpie.web;

import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.PipelineStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web layer's one background thread, {@code magpie-web-stats}: samples each camera's frame counter every two
 * seconds so the status strip and {@code /metrics} can show frames per second.
 */
final class Background implements AutoCloseable {

    private record Sample(long frames, long nanos) {
    }

    private final WebServices services;
    private final ScheduledExecutorService executor;
    private final Map<String, Sample> last = new ConcurrentHashMap<>();
    private final Map<String, Double> fps = new ConcurrentHashMap<>();

    Background(WebServices services) {
        this.services = services;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "magpie-web-stats");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(this::sample, 0, 2, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            long now = System.nanoTime();
            for (CameraPipeline pipeline : services.daemon().pipelines()) {
                PipelineStats stats = pipeline.stats();
                Sample previous = last.put(stats.camera(), new Sample(stats.frames(), now));
                if (previous != null && now > previous.nanos() && stats.frames() >= previous.frames()) {
                    fps.put(stats.camera(), (stats.frames() - previous.frames()) * 1e9 / (now - previous.nanos()));
                }
            }
        } catch (RuntimeException e) {
            // a reload may swap the daemon mid-sample; the next sample catches up
        }
    }

    double fps(String camera) {
        return fps.getOrDefault(camera, 0.0);
    }

    private final java.util.List<AutoCloseable> alsoClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    void closeAlso(AutoCloseable resource) {
        alsoClose.add(resource);
    }

    @Override
    public void close() {
        for (AutoCloseable resource : alsoClose) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing SSE streams of a stopping server; nothing to report
            }
        }
        executor.shutdownNow();
    }
}
