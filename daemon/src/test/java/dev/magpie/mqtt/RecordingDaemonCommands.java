package dev.magpie.mqtt;

import dev.magpie.pipeline.DaemonCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records every call as {@code verb(arg, ...)} and answers ok; {@link #holdRetrain()} makes retrain block. */
final class RecordingDaemonCommands implements DaemonCommands {

    private final List<String> calls = new ArrayList<>();
    private final CountDownLatch retrainReleased = new CountDownLatch(1);
    private volatile boolean holdRetrain;
    private volatile String retrainThread;

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    String retrainThread() {
        return retrainThread;
    }

    void holdRetrain() {
        holdRetrain = true;
    }

    void releaseRetrain() {
        retrainReleased.countDown();
    }

    private synchronized CommandResult record(String verb, Object... args) {
        calls.add(verb + Arrays.toString(args));
        return CommandResult.ok(verb + " done", Map.of("verb", verb));
    }

    @Override
    public CommandResult capture(String zone, String label) {
        return record("capture", zone, label);
    }

    @Override
    public CommandResult labelInboxItem(String sha256, String label) {
        return record("label", sha256, label);
    }

    @Override
    public CommandResult retrain() {
        retrainThread = Thread.currentThread().getName();
        if (holdRetrain) {
            try {
                retrainReleased.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record("retrain");
    }

    @Override
    public CommandResult promote(String version) {
        return record("promote", version);
    }

    @Override
    public CommandResult rollback() {
        return record("rollback");
    }

    @Override
    public CommandResult setThreshold(String zone, String label, double threshold) {
        return record("threshold", zone, label, threshold);
    }

    @Override
    public CommandResult reloadConfig() {
        return record("reload");
    }
}
