package dev.magpie.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains on the device: on request, on a daily schedule, or after N new labels. One run at a time on its own
 * minimum-priority thread, so inference keeps its core; the outcome (promoted or kept, and why) goes to the alert
 * sinks as a {@code retrain} notice, and a promoted model is hot-swapped in by {@link LoadedModels}.
 */
public final class Retrainer implements AutoCloseable {

    /** What one retrain did. {@code version} is null when training itself failed. */
    public record Outcome(String version, boolean promoted, String reason, long millis) {
    }

    private static final Logger log = LoggerFactory.getLogger(Retrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<TrainingRun> runs;
    private final ModelRegistry registry;
    private final LoadedModels models;
    private final AlertSink sink;
    private final PromotionPolicy policy;
    private final Clock clock;
    private final int afterNewLabels;
    private final ScheduledExecutorService executor;
    private final AtomicInteger labelsSinceRun = new AtomicInteger();
    private final AtomicReference<CompletableFuture<Outcome>> running = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param runs makes a fresh training run over the current dataset
     * @param afterNewLabels retrain once this many images were labelled since the last run; 0 turns it off
     * @param lowPriority run training on a minimum-priority thread (the config's {@code retraining.nice})
     */
    public Retrainer(Supplier<TrainingRun> runs, ModelRegistry registry, LoadedModels models, AlertSink sink,
                     PromotionPolicy policy, int afterNewLabels, boolean lowPriority, Clock clock) {
        this.runs = runs;
        this.registry = registry;
        this.models = models;
        this.sink = sink;
        this.policy = policy;
        this.afterNewLabels = afterNewLabels;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "magpie-retrain");
            thread.setDaemon(true);
            thread.setPriority(lowPriority ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY);
            return thread;
        });
    }

    /** Starts a retrain unless one is running, in which case the running one is returned. */
    public CompletableFuture<Outcome> request(String why) {
        CompletableFuture<Outcome> fresh = new CompletableFuture<>();
        CompletableFuture<Outcome> existing = running.compareAndExchange(null, fresh);
        if (existing != null) {
            return existing;
        }
        if (closed.get()) {
            running.set(null);
            fresh.complete(new Outcome(null, false, "the daemon is shutting down", 0));
            return fresh;
        }
        log.info("Retraining: {}", why);
        executor.execute(() -> {
            try {
                fresh.complete(retrain(why));
            } catch (RuntimeException e) {
                fresh.complete(failed(why, e));
            } finally {
                running.set(null);
            }
        });
        return fresh;
    }

    /** Counts newly labelled images; reaching the configured number starts a retrain. */
    public void labelsAdded(int count) {
        if (afterNewLabels > 0 && labelsSinceRun.addAndGet(count) >= afterNewLabels) {
            labelsSinceRun.set(0);
            request(afterNewLabels + " new labels");
        }
    }

    /** Retrains every day at {@code at} in the clock's time zone. */
    public void scheduleDaily(LocalTime at) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime next = now.with(at);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        long delay = Duration.between(now, next).toMillis();
        executor.scheduleAtFixedRate(() -> request("daily at " + at), delay, TimeUnit.DAYS.toMillis(1), TimeUnit.MILLISECONDS);
        log.info("Daily retraining at {} (next in {} min)", at, delay / 60_000);
    }

    private Outcome retrain(String why) {
        long start = System.nanoTime();
        TrainingResult result;
        try {
            result = runs.get().run(ProgressListener.NONE);
        } catch (IOException e) {
            return failed(why, e);
        }
        labelsSinceRun.set(0);
        PromotionPolicy.Decision decision = policy.decide(result);
        boolean promoted = false;
        String reason = decision.reason();
        if (decision.promote()) {
            try {
                registry.promote(result.version());
                models.followRegistry();
                promoted = true;
            } catch (IOException e) {
                reason = reason + "; but promoting failed: " + e.getMessage();
            }
        }
        Outcome outcome = new Outcome(result.version(), promoted, reason, (System.nanoTime() - start) / 1_000_000);
        log.info("Retrained {} ({}): {} - {}", outcome.version(), why, promoted ? "promoted" : "kept the current model", reason);
        sink.notice("retrain", json(outcome));
        return outcome;
    }

    private Outcome failed(String why, Exception e) {
        log.warn("Retraining ({}) failed: {}", why, e.getMessage());
        Outcome outcome = new Outcome(null, false, "training failed: " + e.getMessage(), 0);
        sink.notice("retrain", json(outcome));
        return outcome;
    }

    /** The notice body, through Jackson so any reason (an ONNX Runtime error spans lines) stays valid JSON. */
    private static String json(Outcome outcome) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", outcome.version());
        node.put("promoted", outcome.promoted());
        node.put("reason", outcome.reason());
        node.put("ms", outcome.millis());
        return node.toString();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A retrain was still running 30 s after shutdown was asked; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
